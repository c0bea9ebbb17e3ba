package dev.crossfeed.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The reactor's POMs as files: modules (recursively), their artifactIds, packaging and publication flags. */
final class Reactor {
  /** One module of the reactor. */
  record Module(Path dir, String artifactId, String packaging, boolean published, boolean installSkipped) {}

  private final Path root;

  private Reactor(Path root) {
    this.root = root;
  }

  /** The reactor whose root the build passes as {@code crossfeed.root}. */
  static Reactor atRoot() {
    String dir = System.getProperty("crossfeed.root");
    if (dir == null) throw new IllegalStateException("crossfeed.root is not set: run through Maven (surefire sets it)");
    return new Reactor(Path.of(dir).toAbsolutePath().normalize());
  }

  List<Module> modules() {
    List<Module> out = new ArrayList<>();
    collect(root, out);
    return out;
  }

  Module module(String artifactId) {
    return modules().stream().filter(m -> m.artifactId().equals(artifactId)).findFirst()
        .orElseThrow(() -> new AssertionError("no module " + artifactId + " in the reactor"));
  }

  String rootVersion() {
    return text(project(read(root.resolve("pom.xml"))), "version").orElseThrow();
  }

  String bomVersion() {
    return text(project(read(root.resolve("bom/pom.xml"))), "version").orElseThrow();
  }

  /** artifactId to version as written in bom/pom.xml's dependencyManagement. */
  Map<String, String> bomEntries() {
    Element managed = child(child(project(read(root.resolve("bom/pom.xml"))), "dependencyManagement"), "dependencies");
    Map<String, String> out = new LinkedHashMap<>();
    for (Element d : children(managed, "dependency")) {
      out.put(text(d, "artifactId").orElseThrow(), text(d, "version").orElse(""));
    }
    return out;
  }

  private void collect(Path dir, List<Module> out) {
    Element project = project(read(dir.resolve("pom.xml")));
    String packaging = text(project, "packaging").orElse("jar");
    Element props = child(project, "properties");
    boolean deploySkip = props != null && text(props, "maven.deploy.skip").map("true"::equals).orElse(false);
    boolean installSkip = props != null && text(props, "maven.install.skip").map("true"::equals).orElse(false);
    out.add(new Module(dir, text(project, "artifactId").orElseThrow(), packaging, !deploySkip, installSkip));
    Element modules = child(project, "modules");
    if (modules != null) {
      for (Element m : children(modules, "module")) collect(dir.resolve(m.getTextContent().trim()).normalize(), out);
    }
  }

  private static Document read(Path pom) {
    try {
      var factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(Files.newInputStream(pom));
    } catch (IOException e) {
      throw new UncheckedIOException(pom.toString(), e);
    } catch (Exception e) {
      throw new IllegalStateException(pom + ": " + e.getMessage(), e);
    }
  }

  private static Element project(Document pom) {
    return pom.getDocumentElement();
  }

  private static Element child(Element parent, String name) {
    if (parent == null) return null;
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) return e;
    }
    return null;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) out.add(e);
    }
    return out;
  }

  private static Optional<String> text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? Optional.empty() : Optional.of(e.getTextContent().trim());
  }
}
