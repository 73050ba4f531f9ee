package dev.pulse.contract;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What a campaign name in an activity's {@code campaigns} may be (SPEC.md §5b). A name is taken
 * trimmed; it may not then be empty, longer than {@value #MAX_LENGTH} characters (code points, so
 * that Vietnamese with its diacritics is measured as people count it), or hold '|' or a control
 * character. The '|' joins the parts of a campaign row's key ({@code unitId|period|campaign}).
 *
 * <p>The ingest API refuses an activity with a bad name (400, field {@code campaigns[i]}); one that
 * arrives straight on the topic goes to the dead letters ({@link InputRules}); the views read only
 * trimmed names, so {@code " 5 không 3 sạch"} and {@code "5 không 3 sạch"} are one campaign.
 */
public final class CampaignNames {

  /** The longest name, in code points, once trimmed. */
  public static final int MAX_LENGTH = 80;

  private CampaignNames() {}

  /** The name as the views read it: without leading and trailing white space. */
  public static String trimmed(String name) {
    return name.strip();
  }

  /**
   * The campaigns an activity lists, as the views read them: each name trimmed, each once, in the
   * order first listed.
   */
  public static List<String> trimmed(List<? extends CharSequence> names) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (CharSequence n : names) out.add(trimmed(n.toString()));
    return new ArrayList<>(out);
  }

  /** Why this is no campaign name, said for the volunteer who typed it; null when it is one. */
  public static String problem(CharSequence name) {
    if (name == null) return "a campaign name is missing (null); leave it out of the list instead";
    String t = trimmed(name.toString());
    if (t.isEmpty()) return "a campaign name must not be empty";
    int length = t.codePointCount(0, t.length());
    if (length > MAX_LENGTH) {
      return "the campaign name '" + t.substring(0, t.offsetByCodePoints(0, 30)) + "…' is " + length
          + " characters long; at most " + MAX_LENGTH;
    }
    int control = t.codePoints().filter(Character::isISOControl).findFirst().orElse(-1);
    if (control >= 0) {
      return "the campaign name '" + t.replaceAll("\\p{Cntrl}", "?") + "' holds a control character ("
          + String.format("U+%04X", control) + ", a tab or a line break, say); remove it";
    }
    if (t.indexOf('|') >= 0) {
      return "the campaign name '" + t + "' holds '|', which Pulse uses to join the keys of campaign rows"
          + " (unitId|period|campaign); write it without";
    }
    if (t.codePoints().anyMatch(cp -> Character.getType(cp) == Character.SURROGATE)) {
      return "the campaign name is not valid Unicode text (it holds a lone surrogate); send it as UTF-8";
    }
    return null;
  }
}
