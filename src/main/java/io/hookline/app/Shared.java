package io.hookline.app;

import io.hookline.config.DatabaseUrl;
import io.hookline.config.HooklineConfig;
import io.hookline.delivery.AttemptWriter;
import io.hookline.delivery.DeliveryBudget;
import io.hookline.delivery.DirectSends;
import io.hookline.delivery.Gates;
import io.hookline.fold.FoldsInFlight;
import io.hookline.http.BearerTokens;
import io.hookline.ingest.ReactionCache;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.progress.InFlightEvents;
import io.hookline.progress.InstanceProgress;
import io.hookline.store.InstanceLease;
import io.hookline.target.TargetGuard;
import io.hookline.tracing.Tracing;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookStore;
import io.hookline.workspace.KnownWorkspaces;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * What the slots of one process share, built once by {@link HooklineApp}: the webhook cache and store, the gates of
 * the webhooks, the memory budget, the watermark, this instance's lease, the ingest tokens, the set of known
 * workspaces, the tracing ({@link Tracing#OFF} unless configured) and the reaction states the journals last
 * saved, and the reaction folds its slots have in flight. Everything in here is thread-safe.
 */
record Shared(
        HooklineConfig config,
        DatabaseUrl db,
        Clock clock,
        HooklineMetrics metrics,
        InstanceLease lease,
        InstanceProgress progress,
        InFlightEvents inFlight,
        Subscriptions subscriptions,
        WebhookStore webhooks,
        Gates gates,
        DeliveryBudget budget,
        TargetGuard guard,
        AttemptWriter.Listener failurePolicy,
        BooleanSupplier accepting,
        int slots,
        BearerTokens ingestTokens,
        KnownWorkspaces workspaces,
        DirectSends directSends,
        Tracing tracing,
        ReactionCache reactionStates,
        FoldsInFlight foldsInFlight) {}
