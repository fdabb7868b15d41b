package org.preflab.app.gui.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Growing series, replayed steps after a resume, re-smoothing and the CSV of the full data. */
class SeriesDataTest {
    @Test
    void appendSmoothsIncrementallyAsTheWholeSeriesWould() {
        SeriesData s = new SeriesData("loss", SeriesStyle.LINE, "#1f77b4", 0.8);
        double[] y = new double[300];
        for (int i = 0; i < 300; i++) {
            y[i] = 1.0 / (i + 1) + (i % 7) * 0.01;
            s.append(i + 1, y[i]);
        }
        double[] whole = Smoothing.ema(y, 300, 0.8);
        for (int i = 0; i < 300; i++) {
            assertEquals(whole[i], s.smoothed(i), 1e-12);
        }
        s.setSmoothing(0.3);
        assertEquals(Smoothing.ema(y, 300, 0.3)[299], s.smoothed(299), 1e-12);
    }

    @Test
    void aReplayedStepReplacesTheStepsFromThereOn() {
        SeriesData s = new SeriesData("loss", SeriesStyle.LINE, "#1f77b4", 0.5);
        for (int i = 1; i <= 10; i++) {
            s.append(i, i);
        }
        s.append(6, 100); // a resume from the checkpoint at step 5 records step 6 again
        assertEquals(6, s.size());
        assertEquals(100, s.y(5));
        assertEquals(Smoothing.ema(new double[] {1, 2, 3, 4, 5, 100}, 6, 0.5)[5], s.smoothed(5), 1e-12);
    }

    @Test
    void csvHoldsEveryPointInLongForm() throws Exception {
        SeriesData train = new SeriesData("loss", SeriesStyle.LINE, "#1f77b4", 0.5);
        train.append(1, 0.75);
        train.append(2, 0.25);
        SeriesData eval = new SeriesData("eval_loss", SeriesStyle.POINTS, "#ff7f0e", 0.5);
        eval.append(2, 0.5);
        StringWriter w = new StringWriter();
        ChartCsv.write(List.of(train, eval), "step", w);
        assertEquals("series,step,value,smoothed\n"
                + "loss,1,0.75,0.75\n"
                + "loss,2,0.25,0.4166666666666667\n"
                + "eval_loss,2,0.5,0.5\n", w.toString());
    }

    @Test
    void csvQuotesNamesWithCommas() {
        assertEquals("\"a,b\"", ChartCsv.quote("a,b"));
        assertEquals("rewards/margins", ChartCsv.quote("rewards/margins"));
        assertEquals("NaN", ChartCsv.number(Double.NaN));
        assertEquals("1.0E-5", ChartCsv.number(1e-5));
    }
}
