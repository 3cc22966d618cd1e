import com.adobe.epubcheck.api.EPUBLocation;
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.api.MasterReport;
import com.adobe.epubcheck.messages.Message;
import com.adobe.epubcheck.messages.Severity;
import com.adobe.epubcheck.util.FeatureEnum;
import java.io.File;

/**
 * Runs EPUBCheck (the library inside Debian's epubcheck jar) on every EPUB named on the
 * command line, in one JVM, printing one JSON object a line for each message and a
 * "DONE" line after each file. Run from source: java -cp /usr/bin/epubcheck EpubCheckMany.java a.epub b.epub
 */
public class EpubCheckMany {
  static String json(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : (s == null ? "" : s).toCharArray()) {
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.append('"').toString();
  }

  static final class Lines extends MasterReport {
    final String file;
    Lines(String file) { this.file = file; }
    @Override public void message(Message message, EPUBLocation location, Object... args) {
      Severity severity = message.getSeverity();
      if (severity == Severity.SUPPRESSED) return;
      String where = location == null ? "" : location.getPath() + ":" + location.getLine() + ":" + location.getColumn();
      System.out.println("{\"file\":" + json(file) + ",\"severity\":" + json(severity.toString()) + ",\"id\":" + json(message.getID().toString())
          + ",\"message\":" + json(message.getMessage(args)) + ",\"location\":" + json(where) + "}");
    }
    @Override public void info(String resource, FeatureEnum feature, String value) {}
    @Override public int generate() { return 0; }
    @Override public void initialize() {}
  }

  public static void main(String[] args) {
    for (String file : args) {
      Lines report = new Lines(file);
      try {
        new EpubCheck(new File(file), report).doValidate();
      } catch (Throwable error) {
        System.out.println("{\"file\":" + json(file) + ",\"severity\":\"FATAL\",\"id\":\"CRASH\",\"message\":" + json(String.valueOf(error)) + "}");
      }
      System.out.println("{\"file\":" + json(file) + ",\"severity\":\"DONE\",\"id\":\"\",\"message\":\"\"}");
      System.out.flush();
    }
  }
}
