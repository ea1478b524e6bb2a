using Kosmo.Core;
using Kosmo.Core.IO;

namespace Kosmo.Backtest.Input;

/// <summary>
/// Streams a run folder's predictions.csv (read by <see cref="PredictionsCsv.Stream"/>, the file's one reader) straight
/// into one <see cref="SignalMatrix"/> per model, without holding the rows. Rows whose date or code the panel lacks are
/// skipped and counted. A K-class file is read through the down and up masses of <see cref="ClassScore.Masses"/>
/// (<see cref="PredictionRecord.FromClasses"/>), so the score P(up) − P(down) is the expected class value.
/// </summary>
public static class RunPredictions
{
    /// <summary>Reads the models in <paramref name="models"/> (null = every model), aligned to the panel.</summary>
    /// <returns>Model name → signals (T, N), and the number of rows skipped (off the panel).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataValidationException">A bad header or row (file, line, column; <see cref="PredictionsCsv.Stream"/>).</exception>
    public static (IReadOnlyDictionary<string, SignalMatrix> Signals, long Skipped) Load(string path, Panel panel, IReadOnlySet<string>? models = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var (T, N) = (panel.DateCount, panel.CodeCount);
        var arrays = new Dictionary<string, (float[] Up, float[] Down)>(StringComparer.Ordinal);
        var dateIndex = new Dictionary<DateOnly, int>();
        var codeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        long skipped = 0;
        foreach (var (_, r) in PredictionsCsv.Stream(path, models))
        {
            if (!dateIndex.TryGetValue(r.Date, out var t))
            {
                dateIndex[r.Date] = t = panel.IndexOfDate(r.Date);
            }

            if (!codeIndex.TryGetValue(r.Code, out var i))
            {
                codeIndex[r.Code] = i = panel.IndexOfCode(r.Code);
            }

            if (t < 0 || i < 0)
            {
                skipped++;
                continue;
            }

            if (!arrays.TryGetValue(r.Model, out var a))
            {
                a = (new float[T * N], new float[T * N]);
                Array.Fill(a.Up, float.NaN);
                Array.Fill(a.Down, float.NaN);
                arrays[r.Model] = a;
            }

            a.Up[(t * N) + i] = r.PUp;
            a.Down[(t * N) + i] = r.PDown;
        }

        var result = arrays.OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => new SignalMatrix(T, N, p.Value.Up, p.Value.Down), StringComparer.Ordinal);
        return (result, skipped);
    }
}
