package hookline.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The baseline: a bare Vert.x pass-through. POST in, 202 back, the same bytes POSTed {@code fanout} times to the
 * receiver; nothing validated, stored or signed. Hookline's numbers are reported as ratios of this one, measured in
 * the same run.
 *
 * <p>Arguments: port receiverPort [fanout=1]
 */
public final class PassThroughForwarder {

  private PassThroughForwarder() {
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int receiverPort = Integer.parseInt(args[1]);
    int fanout = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int loops = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(loops));
    for (int i = 0; i < loops; i++) {
      vertx.deployVerticle(new io.vertx.core.VerticleBase() {
        @Override
        public io.vertx.core.Future<?> start() {
          HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
              new PoolOptions().setHttp1MaxSize(64 * fanout));
          RequestOptions target = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
              .setPort(receiverPort).setURI("/hook").putHeader("content-type", "application/json");
          return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            req.response().setStatusCode(202).end("{\"status\":\"accepted\"}");
            for (int n = 0; n < fanout; n++) {
              client.request(target).compose(r -> r.send(body)).compose(r -> r.body());
            }
          })).listen(port, "127.0.0.1");
        }
      });
    }
    System.out.println("forwarder listening on " + port + " -> " + receiverPort + " x" + fanout);
  }
}
