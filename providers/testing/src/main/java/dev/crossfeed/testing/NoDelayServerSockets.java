package dev.crossfeed.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose accepted connections have TCP_NODELAY, so a fake's small writes (status line and headers,
 * then a body; one write per stream frame) are not held back by Nagle's algorithm until the client's delayed ACK
 * (about 40 ms per exchange on Linux loopback). Without it every call to a fake cost ~45 ms, which made latency-based
 * routing and hedging tests meaningless and long runs slow.
 */
final class NoDelayServerSockets extends ServerSocketFactory {
  static final NoDelayServerSockets INSTANCE = new NoDelayServerSockets();

  private NoDelayServerSockets() {}

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new NoDelayServerSocket();
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    return bind(new NoDelayServerSocket(), port, 50, null);
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    return bind(new NoDelayServerSocket(), port, backlog, null);
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
    return bind(new NoDelayServerSocket(), port, backlog, address);
  }

  private static ServerSocket bind(ServerSocket s, int port, int backlog, InetAddress address) throws IOException {
    s.bind(new java.net.InetSocketAddress(address, port), backlog);
    return s;
  }

  private static final class NoDelayServerSocket extends ServerSocket {
    NoDelayServerSocket() throws IOException {
      super();
    }

    @Override
    public Socket accept() throws IOException {
      Socket s = new Socket();
      implAccept(s);
      s.setTcpNoDelay(true);
      return s;
    }
  }
}
