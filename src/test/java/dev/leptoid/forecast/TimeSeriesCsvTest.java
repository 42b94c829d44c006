package dev.leptoid.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leptoid.source.Series;
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
        return assertThrows(TimeSeriesCsv.BadInput.class, () -> TimeSeriesCsv.parse("x.csv", lines));
    }

    @Test
    void readsIsoAndEpochTimestampsAndEmptyValuesAsGaps() throws Exception {
        Series s = TimeSeriesCsv.parse("a.csv", List.of("timestamp,value", "2014-04-10 00:04:00,1", "2014-04-10T00:09:00Z,",
                "1397088840,3", "2014-04-10T00:19:00Z,4", "2014-04-10T00:24:00Z,5", "2014-04-10T00:29:00Z,6",
                "2014-04-10T00:34:00Z,7", "2014-04-10T00:39:00Z,8", "2014-04-10T00:44:00Z,9", "2014-04-10T00:49:00Z,10",
                "2014-04-10T00:59:00Z,12"));
        assertEquals(1397088240L, s.start());
        assertEquals(300, s.step());
        assertEquals(12, s.size(), "the missing 00:54 row is a gap");
        assertTrue(s.isGap(1) && s.isGap(10));
        assertEquals(3, s.valueAt(2));
    }

    @Test
    void namesTheLineOfEachKindOfBadInput() {
        assertEquals(1, bad(rows("time,val", 12, 0, 60)).line());
        List<String> text = rows("timestamp,value", 12, 0, 60);
        text.set(4, "240,high");
        assertEquals(5, bad(text).line());
        List<String> unsorted = rows("timestamp,value", 12, 0, 60);
        unsorted.set(6, "0,1");
        assertTrue(bad(unsorted).getMessage().contains("not sorted"));
        assertEquals(7, bad(unsorted).line());
        List<String> dup = rows("timestamp,value", 12, 0, 60);
        dup.set(3, "60,1");
        assertEquals(4, bad(dup).line());
        assertTrue(bad(dup).getMessage().contains("duplicate"));
        List<String> irregular = rows("timestamp,value", 12, 0, 60);
        irregular.set(8, "450,1");
        TimeSeriesCsv.BadInput e = bad(irregular);
        assertTrue(e.getMessage().contains("irregular"), e.getMessage());
        assertEquals(9, e.line());
        assertEquals(6, bad(rows("timestamp,value", 5, 0, 60)).line(), "too few points: the last line");
        assertEquals(2, bad(List.of("timestamp,value", "yesterday,1", "0,2")).line());
    }

    @Test
    void regularizeSnapsAveragesAndReports() throws Exception {
        TimeSeriesCsv.Regularized r = TimeSeriesCsv.regularize("b.csv",
                List.of("timestamp,value", "0,1", "300,2", "300,4", "610,5", "1200,6", "1500,7"));
        assertEquals(300, r.series().step());
        assertEquals(6, r.series().size());
        assertEquals(3, r.series().valueAt(1));
        assertTrue(r.series().isGap(3));
        assertEquals(3, r.notes().size(), r.notes().toString());
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
        for (String impossible : List.of("2014-13-01 00:00:00", "2014-01-01 0a:00:00"))
            assertThrows(TimeSeriesCsv.BadInput.class, () -> TimeSeriesCsv.parseTime(impossible, 7), impossible);
        assertEquals(1_397_088_240L + 3 * 3600, TimeSeriesCsv.parseTime("2014-04-10T03:04:00+00:00", 2), "offsets still parsed");
    }
}
