package io.hookline.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.hookline.event.Account;
import io.hookline.event.Attachment;
import io.hookline.event.CallData;
import io.hookline.event.CallOutcomes;
import io.hookline.event.Chat;
import io.hookline.event.IngestEvent;
import io.hookline.event.MessageData;
import io.hookline.event.PayloadFormat;
import io.hookline.event.Person;
import io.hookline.event.ReactionData;
import io.hookline.event.WebhookEventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Renders the outgoing bodies of docs/payloads.md, keys in the order of the source documents, every documented key
 * present (null when unknown). Streams straight to bytes: a payload is rendered once per (event, type, format)
 * and the same bytes go to every webhook that wants them. Rendering is a pure function of the stored event, so the
 * log can show a request body without it being stored.
 */
public final class PayloadRenderer {

    /** {@code 2026-05-24 10:35:18 +0200}: call, reaction and v2 message payloads. */
    static final DateTimeFormatter V2_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx");

    static final PayloadTime V2 = new PayloadTime(' ', true);
    /** {@code 2021-02-24T06:25:29+0000}: the legacy "New message" payload. */
    static final DateTimeFormatter LEGACY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

    static final PayloadTime LEGACY = new PayloadTime('T', false);
    /**
     * Characters outside Unicode's basic plane (most emoji) are written as their four UTF-8 bytes, as in the product
     * documents' examples; Jackson's default writes them as a pair of escaped surrogates.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private PayloadRenderer() {}

    /** Renders the payload of one event for a webhook of {@code type} and {@code format}. */
    public static RenderedPayload render(
            long seq,
            String eventId,
            IngestEvent event,
            WebhookEventType type,
            PayloadFormat format,
            Map<String, String> reactions) {
        return render(seq, eventId, event, type, format, reactions, 0);
    }

    /**
     * The same, for a fold of {@code folded} reactions (a webhook with a reaction window) when {@code folded > 0}: the last reaction's
     * payload with {@code "folded": N} at the end of {@code reaction}. With 0, exactly the unfolded bytes.
     */
    public static RenderedPayload render(
            long seq,
            String eventId,
            IngestEvent event,
            WebhookEventType type,
            PayloadFormat format,
            Map<String, String> reactions,
            int folded) {
        PayloadFormat effective = type.isMessageType() ? format : PayloadFormat.V2;
        ByteSink out = new ByteSink(1280);
        write(out, event, type, effective, reactions, folded);
        return new RenderedPayload(seq, eventId, type, effective, out.bytes(), out.length());
    }

    private static void write(
            ByteSink out,
            IngestEvent event,
            WebhookEventType type,
            PayloadFormat format,
            Map<String, String> reactions,
            int folded) {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            if (type.isMessageType() && format == PayloadFormat.LEGACY) {
                legacyMessage(g, event);
            } else {
                g.writeStartObject();
                g.writeStringField("event_type", type.wire());
                switch (event.kind()) {
                    case MESSAGE -> v2Message(g, event);
                    case CALL -> {
                        chatWithType(g, event.chat());
                        accountWithWid(g, event.account());
                        callDetails(g, event.call());
                    }
                    case REACTION -> {
                        chatWithType(g, event.chat());
                        accountWithWid(g, event.account());
                        reaction(g, event.reaction(), reactions, folded);
                    }
                }
                g.writeEndObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chatWithType(JsonGenerator g, Chat c) throws IOException {
        g.writeObjectFieldStart("chat");
        g.writeStringField("full_name", c.fullName());
        g.writeStringField("chat_url", c.chatUrl());
        g.writeNumberField("chat_id", c.chatId());
        g.writeStringField("chat_type", c.chatType());
        g.writeStringField("platform", c.platform());
        g.writeStringField("phone", c.phone());
        g.writeStringField("responsible_name", c.responsibleName());
        g.writeStringField("responsible_email", c.responsibleEmail());
        g.writeEndObject();
    }

    private static void accountWithWid(JsonGenerator g, Account a) throws IOException {
        g.writeObjectFieldStart("whatsapp_account");
        g.writeStringField("whatsapp_account_wid", a.wid());
        g.writeStringField("full_name", a.fullName());
        g.writeStringField("email", a.email());
        g.writeStringField("phone", a.phone());
        g.writeEndObject();
    }

    private static void callDetails(JsonGenerator g, CallData c) throws IOException {
        g.writeObjectFieldStart("call_details");
        if (c.duration() == null) {
            g.writeNullField("duration");
        } else {
            g.writeNumberField("duration", c.duration());
        }
        g.writeStringField("direction", c.direction());
        g.writeBooleanField("is_video", c.video());
        g.writeStringField("status", CallOutcomes.payloadStatus(c.status()));
        g.writeStringField("timestamp", V2.format(c.timestamp()));
        g.writeStringField("message_uid", c.messageUid());
        person(g, "caller", c.caller(), "full_name");
        person(g, "recipient", c.recipient(), "full_name");
        g.writeEndObject();
    }

    private static void reaction(JsonGenerator g, ReactionData r, Map<String, String> reactions, int folded)
            throws IOException {
        g.writeObjectFieldStart("reaction");
        g.writeStringField("message_uid", r.messageUid());
        g.writeStringField("action", r.action());
        g.writeStringField("emoji", r.emoji());
        person(g, "reactor", r.reactor(), "full_name");
        g.writeStringField("timestamp", V2.format(r.timestamp()));
        g.writeObjectFieldStart("reactions");
        for (Map.Entry<String, String> entry : reactions.entrySet()) {
            g.writeStringField(entry.getKey(), entry.getValue());
        }
        g.writeEndObject();
        if (folded > 0) {
            g.writeNumberField("folded", folded);
        }
        g.writeEndObject();
    }

    private static void v2Message(JsonGenerator g, IngestEvent event) throws IOException {
        Chat c = event.chat();
        g.writeObjectFieldStart("chat");
        g.writeStringField("full_name", c.fullName());
        g.writeStringField("chat_url", c.chatUrl());
        g.writeNumberField("chat_id", c.chatId());
        g.writeBooleanField("is_group", c.isGroup());
        g.writeStringField("phone", c.phone());
        g.writeStringField("responsible_name", c.responsibleName());
        g.writeStringField("responsible_email", c.responsibleEmail());
        g.writeEndObject();
        Account a = event.account();
        g.writeObjectFieldStart("whatsapp_account");
        g.writeStringField("full_name", a.fullName());
        g.writeStringField("email", a.email());
        g.writeStringField("phone", a.phone());
        g.writeEndObject();
        MessageData m = event.message();
        g.writeObjectFieldStart("message");
        g.writeStringField("text", m.text());
        g.writeStringField("direction", m.direction());
        g.writeStringField("origin", m.origin());
        g.writeStringField("timestamp", V2.format(m.timestamp()));
        g.writeStringField("message_uid", m.messageUid());
        person(g, "sender", m.sender(), "full_name");
        person(g, "recipient", m.recipient(), "full_name");
        g.writeStringField("reply_to_uid", m.replyToUid());
        v2Attachments(g, m);
        g.writeEndObject();
    }

    private static void v2Attachments(JsonGenerator g, MessageData m) throws IOException {
        g.writeArrayFieldStart("attachments");
        for (Attachment att : m.attachments()) {
            g.writeStartObject();
            g.writeStringField("temporary_download_url", att.downloadUrl());
            g.writeStringField("filename", att.filename());
            if (att.size() == null) {
                g.writeNullField("size");
            } else {
                g.writeNumberField("size", att.size());
            }
            g.writeStringField("mimetype", att.mimetype());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The seed {@code outbound-new-message-webhook.txt} body: keys with spaces, contact, receiver, one attachment. */
    private static void legacyMessage(JsonGenerator g, IngestEvent event) throws IOException {
        MessageData m = event.message();
        Chat c = event.chat();
        Account a = event.account();
        g.writeStartObject();
        g.writeObjectFieldStart("message");
        g.writeObjectFieldStart("whatsapp account");
        g.writeStringField("full name", a.fullName());
        g.writeStringField("email", a.email());
        g.writeStringField("phone", a.phone());
        g.writeEndObject();
        g.writeObjectFieldStart("contact");
        g.writeStringField("full name", c.fullName());
        g.writeBooleanField("is_group", c.isGroup());
        g.writeStringField("phone", c.phone());
        g.writeEndObject();
        g.writeStringField("direction", m.direction());
        g.writeStringField("timestamp", LEGACY.format(m.timestamp()));
        g.writeStringField("message_id", m.messageUid());
        person(g, "sender", m.sender(), "full name");
        person(g, "receiver", m.recipient(), "full name");
        g.writeStringField("text", m.text());
        if (m.attachments().isEmpty()) {
            g.writeNullField("attachment");
        } else {
            Attachment first = m.attachments().get(0);
            g.writeObjectFieldStart("attachment");
            g.writeStringField("filename", first.filename());
            g.writeStringField("download_url", first.downloadUrl());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void person(JsonGenerator g, String field, Person p, String nameKey) throws IOException {
        if (p == null) {
            g.writeNullField(field);
            return;
        }
        g.writeObjectFieldStart(field);
        g.writeStringField(nameKey, p.fullName());
        g.writeStringField("phone", p.phone());
        g.writeEndObject();
    }

    /** For tests: the general formatter the hand-written one must agree with. */
    static String format(OffsetDateTime time, DateTimeFormatter formatter) {
        return time.format(formatter);
    }
}
