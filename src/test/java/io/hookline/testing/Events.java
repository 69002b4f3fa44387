package io.hookline.testing;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Builders for producer events (the ingest API's shape) with sensible values; tests override what they assert on. */
public final class Events {

    private Events() {}

    public static String uid() {
        return UUID.randomUUID().toString();
    }

    public static JsonObject chat() {
        return new JsonObject()
                .put("chat_id", 123456)
                .put("full_name", "Agent Smith")
                .put("chat_url", "https://app.timelines.ai/chat/123456/messages/")
                .put("chat_type", "direct")
                .put("platform", "whatsapp")
                .put("phone", "+123456789")
                .put("responsible_name", "Agent Brown")
                .put("responsible_email", "brown@example.com");
    }

    public static JsonObject account() {
        return new JsonObject()
                .put("whatsapp_account_wid", "15559876543@s.whatsapp.net")
                .put("full_name", "Agent Brown")
                .put("email", "brown@example.com")
                .put("phone", "+15559876543");
    }

    public static JsonObject person(String name, String phone) {
        return new JsonObject().put("full_name", name).put("phone", phone);
    }

    public static JsonObject message(String workspace, String messageUid, String direction) {
        return new JsonObject()
                .put("id", "msg-" + uid())
                .put("workspace_id", workspace)
                .put("type", "message")
                .put("chat", chat())
                .put("whatsapp_account", account())
                .put(
                        "message",
                        new JsonObject()
                                .put("message_uid", messageUid)
                                .put("direction", direction)
                                .put("origin", "whatsapp")
                                .put("timestamp", "2024-01-08T10:35:18+02:00")
                                .put("text", "Hello there")
                                .put("sender", person("Agent Brown", "+15559876543"))
                                .put("recipient", person("John Smith", "+123456789")));
    }

    public static JsonObject call(String workspace, String direction, String status) {
        return new JsonObject()
                .put("id", "call-" + uid())
                .put("workspace_id", workspace)
                .put("type", "call")
                .put("chat", chat())
                .put("whatsapp_account", account())
                .put(
                        "call",
                        new JsonObject()
                                .put("message_uid", uid())
                                .put("direction", direction)
                                .put("status", status)
                                .put("is_video", false)
                                .put("timestamp", "2026-05-24T10:35:18+02:00")
                                .put("caller", person("John Smith", "+123456789"))
                                .put("recipient", person("Agent Brown", "+987654321")));
    }

    public static JsonObject reaction(
            String workspace, String messageUid, String action, String emoji, JsonObject reactor) {
        JsonObject reaction = new JsonObject()
                .put("message_uid", messageUid)
                .put("action", action)
                .put("emoji", emoji)
                .put("reactor", reactor)
                .put("timestamp", "2026-05-24T12:00:00+02:00");
        return new JsonObject()
                .put("id", "react-" + uid())
                .put("workspace_id", workspace)
                .put("type", "reaction")
                .put("chat", chat())
                .put("whatsapp_account", account())
                .put("reaction", reaction);
    }
}
