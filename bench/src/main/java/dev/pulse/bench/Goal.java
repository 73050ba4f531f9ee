package dev.pulse.bench;

/**
 * One of Pulse's performance goals, set against the figure a run measured.
 *
 * @param name what is measured
 * @param target the goal, as a reader writes it ("≥ 0.25")
 * @param figure what the run measured, formatted, or why there is no figure
 * @param verdict met, missed, not judged (the section did not run, or not at province scale), or
 *     reported (a figure asked for without a bound)
 */
public record Goal(String name, String target, String figure, Verdict verdict) {

  public enum Verdict {
    MET, MISSED, NOT_JUDGED, REPORTED;

    static Verdict of(boolean met) {
      return met ? MET : MISSED;
    }

    public String label() {
      return switch (this) {
        case MET -> "met";
        case MISSED -> "missed";
        case NOT_JUDGED -> "not judged";
        case REPORTED -> "reported";
      };
    }
  }
}
