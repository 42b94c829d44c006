package dev.leptoid.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leptoid.source.Series;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeSeriesCsvTest {

    private static List<String> rows(String header, int n, long start, long step) {
        List<String> l = new ArrayList<>(List.of(header));
        for (int i = 0; i < n; i++) l.add((start + i * step) + "," + (i + 1));
        return l;
    }

    private static TimeSeriesCsv.BadInput bad(List<String> lines) {
        return assertThrows(TimeSeriesCsv.BadInput.class, () -> TimeSeriesCsv.regularize("x.csv", lines));
    }

    private static TimeSeriesCsv.Regularized read(List<String> lines, int maxPoints) throws Exception {
        return TimeSeriesCsv.read("x.csv", new BufferedReader(new StringReader(String.join("\n", lines))), maxPoints);
    }

    @Test
    void readsIsoAndEpochTimestampsAndEmptyValuesAsGaps() throws Exception {
        TimeSeriesCsv.Regularized r = TimeSeriesCsv.regularize("a.csv", List.of("timestamp,value", "2014-04-10 00:04:00,1", "2014-04-10T00:09:00Z,",
                "1397088840,3", "2014-04-10T00:19:00Z,4", "2014-04-10T00:24:00Z,5", "2014-04-10T00:29:00Z,6",
                "2014-04-10T00:34:00Z,7", "2014-04-10T00:39:00Z,8", "2014-04-10T00:44:00Z,9", "2014-04-10T00:49:00Z,10",
                "2014-04-10T00:59:00Z,12"));
        Series s = r.series();
        assertEquals(1397088240L, s.start());
        assertEquals(300, s.step());
        assertEquals(12, s.size(), "the missing 00:54 row is a gap");
        assertTrue(s.isGap(1) && s.isGap(10));
        assertEquals(3, s.valueAt(2));
        assertEquals(List.of("2 missing slots left as gaps"), r.notes());
        assertEquals(12, r.lastLine());
        assertEquals(12, r.largestLine());
    }

    @Test
    void namesTheLineOfEachKindOfBadInput() {
        assertEquals(1, bad(rows("time,val", 12, 0, 60)).line());
        List<String> text = rows("timestamp,value", 12, 0, 60);
        text.set(4, "240,high");
        assertEquals(5, bad(text).line());
        List<String> infinite = rows("timestamp,value", 12, 0, 60);
        infinite.set(6, "360,-Infinity");
        assertEquals(7, bad(infinite).line());
        assertTrue(bad(infinite).getMessage().contains("infinite"));
        assertEquals(2, bad(List.of("timestamp,value", "yesterday,1", "0,2")).line());
        assertEquals(3, bad(List.of("timestamp,value", "0,1", "0,2")).line(), "all timestamps equal: the last line");
        assertEquals(2, bad(List.of("timestamp,value", "0,1")).line(), "one row: the last line");
        assertEquals(1, bad(List.of()).line());
    }

    @Test
    void textThatIsNotUtf8IsBadInputAtItsLine() {
        byte[] bytes = "timestamp,value\n0,1\n60,\u00ff\n".getBytes(StandardCharsets.ISO_8859_1);
        TimeSeriesCsv.BadInput e = assertThrows(TimeSeriesCsv.BadInput.class, () -> TimeSeriesCsv.read("x.csv",
                new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes),
                        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT))), 100));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void regularizeSnapsAveragesAndReports() throws Exception {
        TimeSeriesCsv.Regularized r = TimeSeriesCsv.regularize("b.csv",
                List.of("timestamp,value", "0,1", "300,2", "300,4", "610,5", "1200,6", "1500,7"));
        assertEquals(300, r.series().step());
        assertEquals(6, r.series().size());
        assertEquals(3, r.series().valueAt(1));
        assertTrue(r.series().isGap(3));
        assertEquals(List.of("1 off-grid timestamps rounded to the 300 s grid", "1 rows sharing a slot averaged",
                "1 missing slots left as gaps"), r.notes());
    }

    @Test
    void keepsOnlyTheMostRecentRowsOfALongFileAndSaysHowManyWereSkipped() throws Exception {
        TimeSeriesCsv.Regularized r = read(rows("timestamp,value", 25, 0, 60), 10);
        assertEquals(10, r.series().size());
        assertEquals(15 * 60, r.series().start());
        assertEquals(16, r.series().valueAt(0));
        assertEquals(25, r.series().valueAt(9));
        assertEquals(List.of("15 earlier rows skipped (at most the last 10 rows are read)"), r.notes());
        assertEquals(26, r.lastLine());
    }

    @Test
    void aLongFileOutOfOrderAcrossTheKeptRowsIsAnError() {
        List<String> lines = rows("timestamp,value", 25, 0, 60);
        lines.set(3, "1440,3"); // after the most recent row, but among the rows that are skipped
        TimeSeriesCsv.BadInput e = assertThrows(TimeSeriesCsv.BadInput.class, () -> read(lines, 10));
        assertEquals("more than 10 rows and not in time order; sort the file by timestamp", e.getMessage());
    }

    @Test
    void stepsFarBeforeTheLastAreSkippedSoOneWrongTimestampCannotMakeAHugeGrid() throws Exception {
        List<String> lines = new ArrayList<>(rows("timestamp,value", 12, 1_000_000_000L, 60));
        lines.add(1, "0,99"); // decades earlier at a one-minute step: millions of slots
        TimeSeriesCsv.Regularized r = read(lines, 100);
        assertEquals(12, r.series().size());
        assertEquals(1_000_000_000L, r.series().start());
        assertEquals(List.of("1 rows more than 100 steps before the last skipped"), r.notes());
    }

    @Test
    void plain_date_times_read_digit_by_digit_agree_with_java_time_and_what_they_cannot_read_still_goes_to_java_time() throws Exception {
        java.util.Random random = new java.util.Random(20140410L);
        for (int k = 0; k < 2000; k++) {
            long t = random.nextLong(-2_000_000_000L, 4_000_000_000L);
            java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(t, 0, java.time.ZoneOffset.UTC);
            String space = String.format("%04d-%02d-%02d %02d:%02d:%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth(),
                    d.getHour(), d.getMinute(), d.getSecond());
            assertEquals(t, TimeSeriesCsv.parseTime(space, 2), space);
            assertEquals(t, TimeSeriesCsv.parseTime(space.replace(' ', 'T') + "Z", 2), space);
        }
        for (String impossible : List.of("2014-13-01 00:00:00", "2014-01-01 0a:00:00", "2014-02-30 00:00:00",
                "2013-02-29 12:00:00.000", "2014-04-31T00:00:00Z", "2014-02-30T00:00:00"))
            assertThrows(TimeSeriesCsv.BadInput.class, () -> TimeSeriesCsv.parseTime(impossible, 7), impossible);
        assertEquals(1_397_088_240L + 3 * 3600, TimeSeriesCsv.parseTime("2014-04-10T03:04:00+00:00", 2), "offsets still parsed");
        assertEquals(TimeSeriesCsv.parseTime("2012-02-29 10:00:00", 2), TimeSeriesCsv.parseTime("2012-02-29 10:00:00.000", 2),
                "a leap day with milliseconds (the general parser) is still read");
    }
}
