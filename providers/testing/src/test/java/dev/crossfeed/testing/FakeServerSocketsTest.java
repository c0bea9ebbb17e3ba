package dev.crossfeed.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every fake accepts connections with TCP_NODELAY: with Nagle's algorithm on, each exchange with a fake waited for
 * the client's delayed ACK (about 44 ms per call on Linux loopback, against about 1.5 ms without).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FakeServerSocketsTest {
  @Test
  void everyFakeAcceptsConnectionsWithTcpNoDelay() throws Exception {
    for (FakeProviderServer fake : List.of(new FakeOpenAiServer(), new FakeAnthropicServer(), new FakeGeminiServer(), new FakeOllamaServer())) {
      try (fake) {
        ServerSocketFactory factory = fake.mockWebServer().getServerSocketFactory();
        try (ServerSocket server = factory.createServerSocket()) {
          server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
          try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
              Socket accepted = server.accept()) {
            assertTrue(accepted.getTcpNoDelay(), fake.getClass().getSimpleName() + " accepts sockets with Nagle's algorithm on");
          }
        }
      }
    }
  }
}
