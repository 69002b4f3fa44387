package io.hookline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document Hookline serves ({@code src/main/resources/openapi.yaml}), with its schemas usable for
 * validation: OpenAPI 3.1 schemas are JSON Schema 2020-12, so any location in the document (say
 * {@code /components/schemas/CallPayload}) is validated by the networknt validator with that dialect, its
 * {@code $ref}s resolved inside the same document.
 */
public final class OpenApiDocument {

    /** Where the document is registered for {@code $ref} resolution; never fetched. */
    private static final String IRI = "https://hookline.invalid/openapi.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode root;
    private final SchemaRegistry registry;

    private OpenApiDocument(JsonNode root) {
        this.root = root;
        String text = root.toString();
        this.registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(Map.of(IRI, text)));
    }

    /** The document as the jar serves it. */
    public static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.yaml")) {
            Object parsed = new Yaml().load(in);
            return new OpenApiDocument(JSON.valueToTree(parsed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode root() {
        return root;
    }

    /** The node at a JSON pointer ({@code /webhooks/call:incoming:missed/post}); missing node if absent. */
    public JsonNode at(String pointer) {
        return root.at(pointer);
    }

    /** Follows a {@code {"$ref": "#/..."}} inside the document; other nodes are returned as they are. */
    public JsonNode resolve(JsonNode node) {
        JsonNode seen = node;
        while (seen.has("$ref")) {
            seen = root.at(seen.get("$ref").asText().substring(1));
        }
        return seen;
    }

    /** Validation errors of {@code instance} against the schema at {@code pointer}; empty when it is valid. */
    public List<String> validate(String pointer, JsonNode instance) {
        Schema schema = registry.getSchema(SchemaLocation.of(IRI + "#" + pointer));
        return schema.validate(instance).stream().map(Error::toString).toList();
    }

    /** A JSON pointer segment for a key such as {@code application/json} or {@code call:incoming:missed}. */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
