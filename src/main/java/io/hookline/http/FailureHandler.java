package io.hookline.http;

import io.hookline.store.StorageErrors;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into CONTRACT §2 error bodies: domain {@link ApiException}s, the status
 * codes Vert.x Web fails with itself (404, 405, 413 from the body handler), and anything unexpected (500, logged).
 */
public final class FailureHandler implements Handler<RoutingContext> {

  /**
   * Routes a router's failures here, including the 404 and 405 Vert.x Web answers itself when no route matches
   * (those never reach a route's failure handler and would otherwise be HTML or empty).
   */
  public static void install(io.vertx.ext.web.Router router) {
    FailureHandler handler = new FailureHandler();
    router.route().failureHandler(handler);
    router.errorHandler(404, handler);
    router.errorHandler(405, handler);
  }

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      Responses.json(ctx, api.status(), ErrorBody.of(api));
      return;
    }
    int status;
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
    } else if (failure != null) {
      if (StorageErrors.isUnavailable(failure)) {
        LOG.warn("Storage unavailable on {} {}: {}", ctx.request().method(), ctx.request().path(), failure.toString());
        Responses.json(ctx, 503, ErrorBody.of(ApiException.unavailable("The database is unavailable; retry later.")));
      } else {
        LOG.error("Unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
        Responses.json(ctx, 500, ErrorBody.of("internal_error", "Something went wrong on our side; it was logged.",
            null));
      }
      return;
    } else {
      status = ctx.statusCode();
    }
    JsonObject body = switch (status) {
      case 400 -> ErrorBody.of("malformed_request", "The request could not be read.", null);
      case 404 -> ErrorBody.of("not_found", "No such resource: " + ctx.request().path(), null);
      case 405 -> ErrorBody.of("method_not_allowed",
          ctx.request().method() + " is not allowed on " + ctx.request().path(), null);
      case 413 -> ErrorBody.of("payload_too_large", "The request body is larger than allowed here.", null);
      case 415 -> ErrorBody.of("unsupported_media_type", "Send the body as application/json.", null);
      default -> ErrorBody.of("http_" + status, "The request failed with status " + status + ".", null);
    };
    Responses.json(ctx, status < 400 ? 500 : status, body);
  }
}
