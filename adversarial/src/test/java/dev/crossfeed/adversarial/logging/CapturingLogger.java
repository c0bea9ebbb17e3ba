package dev.crossfeed.adversarial.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A logger with every level enabled that hands each call, formatted, to {@link LogCapture}. */
final class CapturingLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  CapturingLogger(String name) {
    this.name = name;
  }

  @Override
  public boolean isTraceEnabled() {
    return true;
  }

  @Override
  public boolean isDebugEnabled() {
    return true;
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String messagePattern, Object[] arguments, Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
    StringBuilder extra = new StringBuilder();
    if (arguments != null) {
      // a throwable passed as an ordinary argument still reaches an appender's output: check its text too
      for (Object a : arguments) {
        if (a instanceof Throwable && a != throwable) extra.append('\n').append(LogCapture.stackTrace((Throwable) a));
      }
    }
    if (throwable != null) extra.append('\n').append(LogCapture.stackTrace(throwable));
    LogCapture.record(level, name, message, extra.toString());
  }
}
