package io.hookline.admin;

import io.hookline.event.WebhookEventType;
import io.hookline.http.Responses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The event-type catalogue and the OpenAPI document of both listeners. */
final class CatalogueRoutes {

    static final String OPENAPI_RESOURCE = "/openapi.yaml";

    void addRoutes(Router router) {
        JsonArray types = new JsonArray();
        for (WebhookEventType type : WebhookEventType.values()) {
            types.add(new JsonObject().put("name", type.wire()).put("description", type.description()));
        }
        // a list of one page: next_cursor is there, always null, so a client's paging loop works on every list
        JsonObject catalogue = new JsonObject().put("data", types).putNull("next_cursor");
        router.get("/v1/event-types").handler(ctx -> {
            Pages.onePage(ctx);
            Responses.json(ctx, 200, catalogue);
        });
        Buffer openApi = openApiDocument();
        router.get("/openapi.yaml")
                .handler(ctx -> Responses.end(ctx.response().putHeader("content-type", "application/yaml"), openApi));
    }

    static Buffer openApiDocument() {
        try (InputStream in = CatalogueRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
