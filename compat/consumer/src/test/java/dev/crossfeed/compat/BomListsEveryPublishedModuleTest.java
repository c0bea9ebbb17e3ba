package dev.crossfeed.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * crossfeed-bom is written by hand; this keeps it true. A module is published unless its POM sets
 * {@code maven.deploy.skip}; every published jar module must be in the BOM, and the BOM names nothing else.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BomListsEveryPublishedModuleTest {
  private final Reactor reactor = Reactor.atRoot();

  @Test
  void theBomManagesExactlyThePublishedModules() {
    Set<String> published = new TreeSet<>();
    for (Reactor.Module m : reactor.modules()) {
      if (m.published() && m.packaging().equals("jar")) published.add(m.artifactId());
    }
    assertTrue(published.contains("crossfeed-core"), "the reactor was not read: " + published);
    Map<String, String> bom = reactor.bomEntries();
    assertEquals(published, new TreeSet<>(bom.keySet()),
        "bom/pom.xml must list every published module (those without maven.deploy.skip) and nothing else");
  }

  @Test
  void theBomAlignsOnTheReactorVersion() {
    String version = reactor.rootVersion();
    assertEquals(version, reactor.bomVersion(), "bom/pom.xml <version> must follow the parent's");
    reactor.bomEntries().forEach((artifact, v) ->
        assertEquals("${project.version}", v, artifact + " must be managed at ${project.version}"));
  }

  @Test
  void modulesThatAreNotForPublicationSkipInstallToo() {
    for (String notPublished : Set.of("crossfeed-benchmarks", "crossfeed-examples", "crossfeed-adversarial-tests")) {
      assertFalse(reactor.module(notPublished).published(), notPublished + " must set maven.deploy.skip");
    }
    for (Reactor.Module m : reactor.modules()) {
      if (!m.published()) assertTrue(m.installSkipped(), m.artifactId() + " is not deployed, so it must set maven.install.skip too");
    }
  }
}
