package io.hookline.config;

import java.util.List;

/** Resolved, validated settings of one Hookline process. Built by {@link ConfigLoader}. */
public record HooklineConfig(
    int ingestPort,
    int adminPort,
    String bindAddress,
    String dbUrl,
    int dbPoolSize,
    String adminToken,
    boolean adminTokenGenerated,
    List<String> ingestTokens,
    boolean ingestTokensGenerated,
    String smtpHost,
    int smtpPort,
    String smtpFrom,
    String smtpUsername,
    String smtpPassword,
    boolean allowPrivateTargets,
    int deliveryTimeoutMs,
    int failureThreshold,
    int maxWebhooksPerWorkspace,
    int logRetentionDays,
    int queueCapacityPerWebhook,
    int maxInFlightPerWebhook,
    int maxQueuedDeliveries,
    int instanceLeaseMs,
    int journalMaxBatch,
    int ingestTimeoutMs,
    int shutdownDeadlineMs,
    int eventLoops,
    String logFormat) {

  public boolean mailEnabled() {
    return smtpHost != null && !smtpHost.isBlank();
  }
}
