import java.io.File;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.helpers.DefaultHandler;

/** Parses each file named as a strict, namespace-aware XML 1.0 parser does; prints `OK file` or `ERROR file: reason`. */
public class WellFormed {
  public static void main(String[] args) throws Exception {
    SAXParserFactory factory = SAXParserFactory.newInstance();
    factory.setNamespaceAware(true);
    // No DTD is fetched: XHTML's doctype names none, and the test is offline.
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    for (String name : args) {
      try {
        factory.newSAXParser().parse(new File(name), new DefaultHandler());
        System.out.println("OK " + name);
      } catch (Exception error) {
        System.out.println("ERROR " + name + ": " + error.getMessage());
      }
    }
  }
}
