package io.trackstream.pollers.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import io.trackstream.pollers.schedule.ProviderExecutors;

/**
 * Time and the threads polls run on. Everything that reads the time takes the {@link Clock} bean, so schedule tests
 * set the time instead of waiting for it.
 */
@Configuration(proxyBeanMethods = false)
public class SchedulingConfig {

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Each provider's calls on threads of its own ({@code trackstream.pollers.providers.<p>.threads}, default 2): a
     * provider that stalls or rate-limits us delays only itself.
     */
    @Bean(destroyMethod = "")
    public ProviderExecutors providerExecutors(PollersProperties properties, Clock clock) {
        return new ProviderExecutors(provider -> {
            ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
            scheduler.setPoolSize(properties.provider(provider).map(PollersProperties.Provider::threads).orElse(2));
            scheduler.setThreadNamePrefix("poll-" + provider + "-");
            scheduler.setClock(clock);
            scheduler.setRemoveOnCancelPolicy(true);
            scheduler.setWaitForTasksToCompleteOnShutdown(false);
            scheduler.initialize();
            return scheduler;
        });
    }

    /** Shuts every provider's scheduler down with the context. */
    @Bean
    public org.springframework.beans.factory.DisposableBean providerExecutorsShutdown(ProviderExecutors executors) {
        return () -> executors.all().values().forEach(s -> ((ThreadPoolTaskScheduler) s).shutdown());
    }

    /** This instance's share of each carrier account's rate: the share of poll-target partitions it owns. */
    @Bean
    public io.trackstream.pollers.resilience.RateShare rateShare(io.trackstream.pollers.targets.PollTargetRegistry registry) {
        return new io.trackstream.pollers.resilience.RateShare(() -> registry.partitions().size());
    }

    /** Fires the cycles (a cycle only plans and hands its calls to the provider's own threads). */
    @Bean
    public ThreadPoolTaskScheduler pollTaskScheduler(PollersProperties properties, Clock clock) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(properties.schedulerThreads());
        scheduler.setThreadNamePrefix("poll-");
        scheduler.setClock(clock);
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setWaitForTasksToCompleteOnShutdown(false);
        return scheduler;
    }
}
