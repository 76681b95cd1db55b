package org.mlengine.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** Reads a report back in tests: the page as XML (it is well-formed by design), the twin as JSON. */
final class ReportPages {
  private ReportPages() {}

  static Document parseHtml(String html) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setExpandEntityReferences(false);
      return factory.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
    } catch (ParserConfigurationException | SAXException e) {
      throw new AssertionError("the report page is not well-formed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parseJson(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new AssertionError("the report's JSON twin is not JSON: " + e.getMessage(), e);
    }
  }

  static List<Element> select(Node root, String xpath) {
    try {
      NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, root, XPathConstants.NODESET);
      List<Element> out = new ArrayList<>();
      for (int i = 0; i < nodes.getLength(); i++) {
        out.add((Element) nodes.item(i));
      }
      return out;
    } catch (XPathExpressionException e) {
      throw new IllegalArgumentException(xpath, e);
    }
  }

  static Element one(Node root, String xpath) {
    List<Element> found = select(root, xpath);
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " elements match " + xpath + "; expected exactly one");
    }
    return found.get(0);
  }

  /** The JSON section with this title. */
  static JsonNode section(JsonNode report, String title) {
    for (JsonNode s : report.get("sections")) {
      if (s.get("title").asText().equals(title)) {
        return s;
      }
    }
    throw new AssertionError("no section '" + title + "' in the JSON twin");
  }

  /** The points drawn by one SVG series element: the pairs of a polyline, or the circles of a group. */
  static int drawnPoints(Element series) {
    if (series.getTagName().equals("polyline")) {
      return series.getAttribute("points").trim().split("\\s+").length;
    }
    return select(series, "circle").size();
  }

  /** Every number anywhere in a JSON tree. */
  static List<Double> numbers(JsonNode node) {
    List<Double> out = new ArrayList<>();
    collect(node, out);
    return out;
  }

  private static void collect(JsonNode node, List<Double> out) {
    if (node.isNumber()) {
      out.add(node.doubleValue());
    }
    node.forEach(child -> collect(child, out));
  }
}
