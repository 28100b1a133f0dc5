package io.trackstream.local.prometheus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose Prometheus configuration (deploy/prometheus/prometheus.yml) aimed at a stack on this machine: the same
 * jobs, metrics paths and labels, so dashboard queries filtering on {@code job} match here as they do in compose; only
 * each target {@code service:port} becomes {@code 127.0.0.1:<port the service listens on here>}, the rule file is the
 * given copy of alerts.yml, and scrapes and rule evaluations come every {@code interval} (a demo lasts minutes).
 */
public final class PrometheusConfig {

    private PrometheusConfig() {
    }

    /**
     * @param compose      deploy/prometheus/prometheus.yml, parsed
     * @param servicePorts where each compose service (its host name in the targets) listens on 127.0.0.1
     * @throws IllegalArgumentException naming a target whose service is not in {@code servicePorts}
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> aimedAt(Map<String, Object> compose, Map<String, Integer> servicePorts, Path alertRules,
                                              Duration interval) {
        Map<String, Object> config = new LinkedHashMap<>(compose);
        Map<String, Object> global = new LinkedHashMap<>((Map<String, Object>) compose.getOrDefault("global", Map.of()));
        global.put("scrape_interval", seconds(interval));
        global.put("evaluation_interval", seconds(interval));
        config.put("global", global);
        config.put("rule_files", List.of(alertRules.toAbsolutePath().toString()));
        config.remove("alerting");

        List<Map<String, Object>> jobs = new ArrayList<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) compose.get("scrape_configs")) {
            Map<String, Object> local = new LinkedHashMap<>(job);
            List<Map<String, Object>> staticConfigs = new ArrayList<>();
            for (Map<String, Object> group : (List<Map<String, Object>>) job.getOrDefault("static_configs", List.of())) {
                Map<String, Object> localGroup = new LinkedHashMap<>(group);
                localGroup.put("targets", ((List<String>) group.get("targets")).stream()
                        .map(target -> onThisMachine(target, servicePorts, String.valueOf(job.get("job_name")))).toList());
                staticConfigs.add(localGroup);
            }
            local.put("static_configs", staticConfigs);
            jobs.add(local);
        }
        config.put("scrape_configs", jobs);
        return config;
    }

    public static String yaml(Map<String, Object> config) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(config);
    }

    private static String onThisMachine(String target, Map<String, Integer> servicePorts, String job) {
        String service = target.contains(":") ? target.substring(0, target.lastIndexOf(':')) : target;
        Integer port = servicePorts.get(service);
        if (port == null) {
            throw new IllegalArgumentException("Job " + job + " scrapes " + target + ", but nothing of that name runs here (known: "
                    + servicePorts.keySet() + ")");
        }
        return "127.0.0.1:" + port;
    }

    private static String seconds(Duration interval) {
        return Math.max(1, interval.toSeconds()) + "s";
    }
}
