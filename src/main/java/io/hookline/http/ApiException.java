package io.hookline.http;

import io.hookline.event.Violation;
import java.util.List;

/** A failure with its HTTP status and error code; the failure handler renders it. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<Violation> details;

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public ApiException(int status, String code, String message, List<Violation> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Violation> details() {
        return details;
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException invalid(String message, List<Violation> details) {
        return new ApiException(422, "validation_failed", message, details);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "storage_unavailable", message);
    }
}
