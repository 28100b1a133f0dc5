package io.trackstream.pollers.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

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
