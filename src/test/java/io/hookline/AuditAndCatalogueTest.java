package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Verifies the audit log of webhook changes, the event-type catalogue, and that the OpenAPI document matches. */
class AuditAndCatalogueTest extends IntegrationTest {

    @Test
    void everyChangeIsAuditedWithActorAndBeforeAfter() {
        String ws = newWorkspace();
        String base = "/v1/workspaces/" + ws + "/webhooks";
        String id =
                hookline.webhook(ws, "http://127.0.0.1:9/one", "message:new").getString("id");
        hookline.admin("PATCH", base + "/" + id, new JsonObject().put("url", "http://127.0.0.1:9/two"));
        hookline.admin("PATCH", base + "/" + id, new JsonObject().put("enabled", false));
        hookline.admin("PATCH", base + "/" + id, new JsonObject().put("enabled", true));
        assertThat(hookline.admin("DELETE", base + "/" + id, null).status()).isEqualTo(204);

        JsonArray audit = hookline.admin("GET", "/v1/workspaces/" + ws + "/audit", null)
                .json()
                .getJsonArray("data");

        assertThat(audit.stream().map(e -> ((JsonObject) e).getString("action")).toList())
                .containsExactly(
                        "webhook.deleted", "webhook.updated", "webhook.updated", "webhook.updated", "webhook.created");
        assertThat(audit.stream().map(e -> ((JsonObject) e).getString("actor")).toList())
                .containsOnly("admin");
        assertThat(audit.stream()
                        .map(e -> ((JsonObject) e).getString("webhook_id"))
                        .toList())
                .containsOnly(id);
        JsonObject created = audit.getJsonObject(4);
        assertThat(created.getValue("before")).isNull();
        assertThat(created.getJsonObject("after").getString("url")).isEqualTo("http://127.0.0.1:9/one");
        assertThat(created.getJsonObject("after").containsKey("secret"))
                .as("no secret in the audit log")
                .isFalse();
        JsonObject moved = audit.getJsonObject(3);
        assertThat(moved.getJsonObject("before").getString("url")).isEqualTo("http://127.0.0.1:9/one");
        assertThat(moved.getJsonObject("after").getString("url")).isEqualTo("http://127.0.0.1:9/two");
        JsonObject disabled = audit.getJsonObject(2);
        assertThat(disabled.getJsonObject("before").getBoolean("enabled")).isTrue();
        assertThat(disabled.getJsonObject("after").getBoolean("enabled")).isFalse();
        assertThat(disabled.getJsonObject("after").getString("disabled_reason")).isEqualTo("manual");
        JsonObject deleted = audit.getJsonObject(0);
        assertThat(deleted.getJsonObject("before").getString("url")).isEqualTo("http://127.0.0.1:9/two");
        assertThat(deleted.getValue("after")).isNull();
        assertThat(deleted.getString("at")).isNotNull();
        assertThat(hookline.admin("GET", "/v1/workspaces/" + ws + "/audit?limit=2", null)
                        .json()
                        .getJsonArray("data"))
                .hasSize(2);
    }

    @Test
    void anUpdateThatChangesNothingLeavesNoAuditEntryAndKeepsUpdatedAt() {
        String ws = newWorkspace();
        String path = "/v1/workspaces/" + ws + "/webhooks/"
                + hookline.webhook(ws, "http://127.0.0.1:9/same", "message:new").getString("id");
        JsonObject created = hookline.admin("GET", path, null).json();

        for (JsonObject patch : List.of(
                new JsonObject(),
                new JsonObject().put("url", "http://127.0.0.1:9/same").put("enabled", true),
                new JsonObject().put("event_types", new JsonArray().add("message:new")))) {
            Http.Response r = hookline.admin("PATCH", path, patch);
            assertThat(r.status()).as(patch.encode() + ": " + r.body()).isEqualTo(200);
            assertThat(r.json().getString("updated_at")).as(patch.encode()).isEqualTo(created.getString("updated_at"));
        }
        assertThat(actions(ws)).containsExactly("webhook.created");

        Http.Response changed = hookline.admin("PATCH", path, new JsonObject().put("url", "http://127.0.0.1:9/other"));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().getString("updated_at")).isNotEqualTo(created.getString("updated_at"));
        assertThat(actions(ws)).containsExactly("webhook.updated", "webhook.created");
    }

    private List<String> actions(String ws) {
        return hookline.admin("GET", "/v1/workspaces/" + ws + "/audit", null).json().getJsonArray("data").stream()
                .map(e -> ((JsonObject) e).getString("action"))
                .toList();
    }

    @Test
    void theAuditAndNotificationsOfAWorkspaceThatNeverExistedAre404AndADeletedOnesStayListed() {
        for (String list : List.of("audit", "notifications")) {
            Http.Response unknown = hookline.admin("GET", "/v1/workspaces/no-such-workspace/" + list, null);
            assertThat(unknown.status()).as(list + ": " + unknown.body()).isEqualTo(404);
            assertThat(unknown.json().getJsonObject("error").getString("code")).isEqualTo("not_found");
        }
        String ws = newWorkspace();
        assertThat(hookline.admin("GET", "/v1/workspaces/" + ws + "/notifications", null)
                        .json()
                        .getJsonArray("data"))
                .as("an existing workspace without notifications")
                .isEmpty();
        String id = hookline.webhook(ws, "http://127.0.0.1:9/kept-in-audit", "message:new")
                .getString("id");
        assertThat(hookline.admin("DELETE", "/v1/workspaces/" + ws, null).status())
                .isEqualTo(204);

        Http.Response audit = hookline.admin("GET", "/v1/workspaces/" + ws + "/audit", null);
        assertThat(audit.status()).as(audit.body()).isEqualTo(200);
        assertThat(audit.json().getJsonArray("data").stream()
                        .map(e ->
                                ((JsonObject) e).getString("action") + " " + ((JsonObject) e).getString("webhook_id")))
                .containsExactly("webhook.deleted " + id, "webhook.created " + id);
    }

    @Test
    void theCatalogueListsTheSevenEventTypes() {
        JsonArray types = hookline.admin("GET", "/v1/event-types", null).json().getJsonArray("data");
        assertThat(types.stream().map(t -> ((JsonObject) t).getString("name")).toList())
                .containsExactlyInAnyOrder(
                        "message:new",
                        "message:sent:new",
                        "message:received:new",
                        "call:incoming:missed",
                        "call:incoming:ended",
                        "call:outgoing:ended",
                        "message:reaction");
        assertThat(types.stream().map(t -> ((JsonObject) t).getString("description")))
                .allMatch(d -> d.length() > 10);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiDocumentParsesAndListsExactlyTheRoutesServed() {
        Http.Response r = Http.json("GET", hookline.adminUrl("/openapi.yaml"), null, null);
        assertThat(r.status()).isEqualTo(200);
        Map<String, Object> doc = new Yaml().load(r.body());
        assertThat(doc.get("openapi")).isEqualTo("3.1.0");
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");

        Set<String> documentedIngest = new TreeSet<>();
        Set<String> documentedAdmin = new TreeSet<>();
        paths.forEach((path, item) -> {
            List<Map<String, Object>> servers = (List<Map<String, Object>>) item.get("servers");
            boolean ingest = servers != null
                    && servers.stream().anyMatch(s -> s.get("url").toString().endsWith(":8080"));
            boolean admin = servers == null
                    || servers.stream().anyMatch(s -> s.get("url").toString().endsWith(":8081"));
            item.keySet().stream()
                    .filter(k -> Set.of("get", "put", "post", "patch", "delete").contains(k))
                    .forEach(m -> {
                        if (ingest) {
                            documentedIngest.add(m.toUpperCase() + " " + path);
                        }
                        if (admin) {
                            documentedAdmin.add(m.toUpperCase() + " " + path);
                        }
                    });
        });

        assertThat(documentedIngest).isEqualTo(served(hookline.app().router("ingest")));
        assertThat(documentedAdmin).isEqualTo(served(hookline.app().router("admin")));
    }

    /** "METHOD /path/{param}" for every route that names its methods. */
    private static Set<String> served(Router router) {
        Set<String> served = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() == null || route.methods() == null) {
                continue;
            }
            String path = route.getPath().replaceAll(":([A-Za-z_]+)", "{$1}");
            for (HttpMethod method : route.methods()) {
                served.add(method.name() + " " + path);
            }
        }
        return served;
    }
}
