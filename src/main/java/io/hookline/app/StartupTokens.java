package io.hookline.app;

import io.hookline.config.HooklineConfig;
import io.hookline.http.BearerTokens;
import io.hookline.store.GeneratedTokens;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin and ingest tokens a start uses. A configured token always wins. An unset one is generated
 * once: the configuration's fresh candidate is stored (hashed) if no generated token is stored yet, and printed only
 * by the start that stored it; later starts, and other instances starting at the same time, use the stored hash, so a
 * restart never invalidates a token producers already use.
 */
final class StartupTokens {

    /** The tokens to accept, and the log lines that say where they came from (the only place a token is printed). */
    record Resolved(BearerTokens admin, BearerTokens ingest, List<String> notices) {}

    private StartupTokens() {}

    static Future<Resolved> resolve(Pool pool, HooklineConfig config) {
        List<String> notices = new ArrayList<>();
        Future<BearerTokens> admin = config.admin().tokenGenerated()
                ? generated(
                        pool, "admin", "HOOKLINE_ADMIN_TOKEN", config.admin().token(), notices)
                : Future.succeededFuture(new BearerTokens(List.of(config.admin().token())));
        return admin.compose(adminTokens -> {
            Future<BearerTokens> ingest = config.ingest().tokensGenerated()
                    ? generated(
                            pool,
                            "ingest",
                            "HOOKLINE_INGEST_TOKENS",
                            config.ingest().tokens().get(0),
                            notices)
                    : Future.succeededFuture(new BearerTokens(config.ingest().tokens()));
            return ingest.map(ingestTokens -> new Resolved(adminTokens, ingestTokens, List.copyOf(notices)));
        });
    }

    private static Future<BearerTokens> generated(
            Pool pool, String name, String variable, String candidate, List<String> notices) {
        return GeneratedTokens.claim(pool, name, BearerTokens.sha256(candidate)).map(stored -> {
            notices.add(
                    stored.createdNow()
                            ? variable + " is not set; generated this " + name
                                    + " token, stored (hashed) for every later start and "
                                    + "printed only now, so keep it: " + candidate
                            : variable + " is not set; using the " + name + " token generated at " + stored.createdAt()
                                    + " (stored hashed; it was printed only in the log of that start). Set " + variable
                                    + " to use your own instead.");
            return BearerTokens.ofHashes(List.of(stored.hash()));
        });
    }
}
