package dev.pulse.streams.ledger;

import dev.pulse.avro.UnitLevel;
import dev.pulse.streams.domain.ActivityFigures;
import dev.pulse.streams.domain.Facts.ActivityFact;
import dev.pulse.streams.domain.Facts.AttendanceFact;
import dev.pulse.streams.domain.Facts.HouseholdEventFact;
import dev.pulse.streams.domain.Facts.MembershipFact;
import dev.pulse.streams.domain.Facts.UnitFact;
import dev.pulse.streams.domain.HouseholdTimeline.YearFigures;
import dev.pulse.streams.domain.MemberParticipation.Contribution;
import dev.pulse.streams.domain.YearRange;
import dev.pulse.streams.ledger.LedgerState.ActivityState;
import dev.pulse.streams.ledger.LedgerState.HouseholdCount;
import dev.pulse.streams.ledger.LedgerState.HouseholdState;
import dev.pulse.streams.ledger.LedgerState.MemberCount;
import dev.pulse.streams.ledger.LedgerState.ParticipationCounts;
import dev.pulse.streams.ledger.LedgerState.PovertyCounts;
import dev.pulse.streams.ledger.StateCodec.Reader;
import dev.pulse.streams.ledger.StateCodec.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The binary forms of the ledger's state values and of the records on the ledger topic. */
public final class StateCodecs {

  private StateCodecs() {}

  public static final StateCodec<String> STRING = codec(Writer::writeString, Reader::readString);

  public static final StateCodec<Boolean> BOOLEAN = codec(Writer::writeBoolean, Reader::readBoolean);

  /** An index value: a sorted set of ids. */
  public static final StateCodec<TreeSet<String>> ID_SET = codec(
      (out, s) -> {
        out.writeSize(s.size());
        s.forEach(out::writeString);
      },
      in -> {
        TreeSet<String> s = new TreeSet<>();
        for (int i = in.readSize(); i > 0; i--) s.add(in.readString());
        return s;
      });

  public static final StateCodec<UnitFact> UNIT = codec(
      (out, u) -> {
        out.writeString(u.unitId());
        out.writeString(u.parentId());
        out.writeString(u.level() == null ? null : u.level().name());
      },
      in -> {
        String id = in.readString();
        String parent = in.readString();
        String level = in.readString();
        return new UnitFact(id, parent, level == null ? null : UnitLevel.valueOf(level));
      });

  public static final StateCodec<MembershipFact> MEMBERSHIP = codec(
      (out, m) -> {
        out.writeString(m.membershipId());
        out.writeString(m.memberId());
        out.writeString(m.branchId());
        out.writeDate(m.joinedOn());
        out.writeDate(m.leftOn());
      },
      in -> new MembershipFact(in.readString(), in.readString(), in.readString(), in.readDate(), in.readDate()));

  public static final StateCodec<ActivityFact> ACTIVITY = codec(
      (out, a) -> {
        out.writeString(a.activityId());
        out.writeString(a.unitId());
        out.writeString(a.mode());
        out.writeDate(a.startsOn());
        writeStrings(out, a.channels());
        out.writeBoolean(a.held());
        out.writeLong(a.recordedAt());
      },
      in -> new ActivityFact(in.readString(), in.readString(), in.readString(), in.readDate(), readStrings(in),
          in.readBoolean(), in.readLong()));

  public static final StateCodec<AttendanceFact> ATTENDANCE = codec(
      (out, a) -> {
        out.writeString(a.attendanceId());
        out.writeString(a.activityId());
        out.writeString(a.memberId());
        out.writeDate(a.attendedOn());
        out.writeBoolean(a.present());
        out.writeLong(a.recordedAt());
      },
      in -> new AttendanceFact(in.readString(), in.readString(), in.readString(), in.readDate(), in.readBoolean(),
          in.readLong()));

  public static final StateCodec<HouseholdEventFact> HOUSEHOLD_EVENT = codec(
      (out, e) -> {
        out.writeString(e.eventId());
        out.writeString(e.householdId());
        out.writeString(e.branchId());
        out.writeString(e.status());
        out.writeBoolean(e.supportedByUnion());
        out.writeDate(e.assessedOn());
        out.writeLong(e.recordedAt());
      },
      in -> new HouseholdEventFact(in.readString(), in.readString(), in.readString(), in.readString(),
          in.readBoolean(), in.readDate(), in.readLong()));

  /**
   * What a member counts for, per period. Most periods name the same few units (the roll-up of the
   * member's branch), so each distinct set of units is written once and periods refer to it.
   */
  public static final StateCodec<MemberCount> MEMBER_COUNT = codec(
      (out, c) -> {
        List<Set<String>> sets = new ArrayList<>();
        int[] refs = new int[2 * c.counted().size()];
        int i = 0;
        for (Contribution k : c.counted().values()) {
          refs[i++] = intern(sets, k.eligible());
          refs[i++] = intern(sets, k.participated());
        }
        out.writeSize(sets.size());
        for (Set<String> s : sets) writeStrings(out, s);
        out.writeSize(c.counted().size());
        i = 0;
        for (String period : c.counted().keySet()) {
          out.writeString(period);
          out.writeSize(refs[i++]);
          out.writeSize(refs[i++]);
        }
      },
      in -> {
        int n = in.readSize();
        List<Set<String>> sets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          TreeSet<String> s = new TreeSet<>();
          for (int j = in.readSize(); j > 0; j--) s.add(in.readString());
          sets.add(Collections.unmodifiableSet(s));
        }
        Map<String, Contribution> counted = new TreeMap<>();
        for (int i = in.readSize(); i > 0; i--) {
          String period = in.readString();
          counted.put(period, new Contribution(sets.get(in.readSize()), sets.get(in.readSize())));
        }
        return new MemberCount(counted);
      });

  private static final StateCodec<YearFigures> YEAR_FIGURES = codec(
      (out, f) -> {
        out.writeString(f.branchId());
        out.writeBoolean(f.supported());
        out.writeBoolean(f.exitedPoverty());
        out.writeBoolean(f.exitedNearPoverty());
        out.writeBoolean(f.relapsed());
        out.writeString(f.yearEndStatus());
      },
      in -> new YearFigures(in.readString(), in.readBoolean(), in.readBoolean(), in.readBoolean(), in.readBoolean(),
          in.readString()));

  public static final StateCodec<HouseholdState> HOUSEHOLD = codec(
      (out, h) -> {
        out.writeSize(h.events().size());
        h.events().forEach(e -> HOUSEHOLD_EVENT.write(out, e));
        out.writeSize(h.counted().size());
        h.counted().forEach((year, count) -> {
          out.writeInt(year);
          writeStrings(out, count.units());
          YEAR_FIGURES.write(out, count.figures());
        });
      },
      in -> {
        List<HouseholdEventFact> events = new ArrayList<>();
        for (int i = in.readSize(); i > 0; i--) events.add(HOUSEHOLD_EVENT.read(in));
        Map<Integer, HouseholdCount> counted = new TreeMap<>();
        for (int i = in.readSize(); i > 0; i--) {
          int year = in.readInt();
          counted.put(year, new HouseholdCount(readStrings(in), YEAR_FIGURES.read(in)));
        }
        return new HouseholdState(events, counted);
      });

  public static final StateCodec<ActivityFigures.Counts> ACTIVITY_COUNTS = codec(
      (out, c) -> {
        out.writeLong(c.held());
        out.writeLong(c.inPerson());
        out.writeLong(c.online());
        out.writeLong(c.hybrid());
        out.writeLong(c.publicised());
        out.writeSize(c.byChannel().size());
        c.byChannel().forEach((channel, n) -> {
          out.writeString(channel);
          out.writeLong(n);
        });
        out.writeLong(c.attendances());
        out.writeLong(c.updatedAt());
      },
      in -> {
        long held = in.readLong();
        long inPerson = in.readLong();
        long online = in.readLong();
        long hybrid = in.readLong();
        long publicised = in.readLong();
        Map<String, Long> byChannel = new TreeMap<>();
        for (int i = in.readSize(); i > 0; i--) byChannel.put(in.readString(), in.readLong());
        return new ActivityFigures.Counts(held, inPerson, online, hybrid, publicised, byChannel, in.readLong(),
            in.readLong());
      });

  public static final StateCodec<ActivityState> ACTIVITY_STATE = codec(
      (out, s) -> {
        out.writeLong(s.present());
        writeStrings(out, s.counted().units());
        writeStrings(out, s.counted().periods());
        ACTIVITY_COUNTS.write(out, s.counted().counts());
      },
      in -> new ActivityState(in.readLong(),
          new ActivityFigures.Contribution(readStrings(in), readStrings(in), ACTIVITY_COUNTS.read(in))));

  public static final StateCodec<ParticipationCounts> PARTICIPATION_COUNTS = codec(
      (out, c) -> {
        out.writeLong(c.eligible());
        out.writeLong(c.participants());
        out.writeLong(c.updatedAt());
      },
      in -> new ParticipationCounts(in.readLong(), in.readLong(), in.readLong()));

  public static final StateCodec<PovertyCounts> POVERTY_COUNTS = codec(
      (out, c) -> {
        out.writeLong(c.supported());
        out.writeLong(c.exited());
        out.writeLong(c.exitedPoverty());
        out.writeLong(c.exitedNearPoverty());
        out.writeLong(c.relapsed());
        out.writeLong(c.poorAtYearEnd());
        out.writeLong(c.nearPoorAtYearEnd());
        out.writeLong(c.updatedAt());
      },
      in -> new PovertyCounts(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
          in.readLong(), in.readLong(), in.readLong()));

  public static final StateCodec<YearRange> YEAR_RANGE = codec(
      (out, r) -> {
        out.writeInt(r.first());
        out.writeInt(r.last());
      },
      in -> new YearRange(in.readInt(), in.readInt()));

  /** A record on the ledger topic: its source, its key and its fact, absent for a tombstone. */
  public static final StateCodec<LedgerInput> LEDGER_INPUT = codec(
      (out, r) -> {
        out.writeByte(r.source().ordinal());
        out.writeString(r.key());
        switch (r.source()) {
          case UNIT -> nullable(out, r.unit(), UNIT);
          case MEMBERSHIP -> nullable(out, r.membership(), MEMBERSHIP);
          case ACTIVITY -> nullable(out, r.activity(), ACTIVITY);
          case ATTENDANCE -> nullable(out, r.attendance(), ATTENDANCE);
          case HOUSEHOLD -> nullable(out, r.household(), HOUSEHOLD_EVENT);
        }
      },
      in -> {
        int ordinal = in.readByte();
        LedgerInput.Source[] sources = LedgerInput.Source.values();
        if (ordinal < 0 || ordinal >= sources.length) {
          throw new IllegalArgumentException("unknown ledger input source " + ordinal);
        }
        String key = in.readString();
        return switch (sources[ordinal]) {
          case UNIT -> LedgerInput.unit(key, nullable(in, UNIT));
          case MEMBERSHIP -> LedgerInput.membership(key, nullable(in, MEMBERSHIP));
          case ACTIVITY -> LedgerInput.activity(key, nullable(in, ACTIVITY));
          case ATTENDANCE -> LedgerInput.attendance(key, nullable(in, ATTENDANCE));
          case HOUSEHOLD -> LedgerInput.household(key, nullable(in, HOUSEHOLD_EVENT));
        };
      });

  // ---- building blocks ------------------------------------------------------------------------

  private interface Write<T> {
    void write(Writer out, T value);
  }

  private interface Read<T> {
    T read(Reader in);
  }

  private static <T> StateCodec<T> codec(Write<T> write, Read<T> read) {
    return new StateCodec<>() {
      @Override
      public void write(Writer out, T value) {
        write.write(out, value);
      }

      @Override
      public T read(Reader in) {
        return read.read(in);
      }
    };
  }

  /** The index of an equal set in the list, adding it first when there is none (a member has a few distinct sets). */
  private static int intern(List<Set<String>> sets, Set<String> s) {
    for (int i = sets.size() - 1; i >= 0; i--) {
      Set<String> known = sets.get(i);
      if (known == s || known.equals(s)) return i;
    }
    sets.add(s);
    return sets.size() - 1;
  }

  private static void writeStrings(Writer out, java.util.Collection<String> strings) {
    out.writeSize(strings.size());
    for (String s : strings) out.writeString(s);
  }

  private static List<String> readStrings(Reader in) {
    int n = in.readSize();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(in.readString());
    return out;
  }

  private static <T> void nullable(Writer out, T value, StateCodec<T> codec) {
    out.writeBoolean(value != null);
    if (value != null) codec.write(out, value);
  }

  private static <T> T nullable(Reader in, StateCodec<T> codec) {
    return in.readBoolean() ? codec.read(in) : null;
  }
}
