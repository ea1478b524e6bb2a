using System.Globalization;
using System.Text;
using Kosmo.Core;
using Kosmo.Core.IO;

namespace Kosmo.Models.Training;

/// <summary>
/// Reads and writes <c>RUN/training_log.csv</c>: header <c>model,fold,epoch,train_loss,val_loss,val_macro_f1,lr,samples_per_s</c>,
/// invariant culture, shortest round-trip numbers, NaN as an empty field, '\n' line ends, rows sorted by (model, fold, epoch).
/// Written to a temporary file and renamed.
/// </summary>
public static class TrainingLogCsv
{
    /// <summary>The exact header line.</summary>
    public const string Header = "model,fold,epoch,train_loss,val_loss,val_macro_f1,lr,samples_per_s";

    /// <summary>Writes the rows (replacing the file).</summary>
    /// <exception cref="ArgumentException">A model name contains a comma or a line break.</exception>
    public static void Write(string path, IEnumerable<TrainingLogRow> rows)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rows);
        var sorted = rows.OrderBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Fold).ThenBy(r => r.Epoch).ToList();
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var r in sorted)
        {
            if (r.Model.AsSpan().IndexOfAny(",\r\n") >= 0 || r.Model.Length == 0)
            {
                throw new ArgumentException($"Model name '{r.Model}' is empty or holds a comma or line break.", nameof(rows));
            }

            sb.Append(r.Model).Append(',').Append(r.Fold.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(r.Epoch.ToString(CultureInfo.InvariantCulture)).Append(',').Append(CsvText.NumberOrEmpty(r.TrainLoss)).Append(',')
              .Append(CsvText.NumberOrEmpty(r.ValidationLoss)).Append(',').Append(CsvText.NumberOrEmpty(r.ValidationMacroF1)).Append(',')
              .Append(CsvText.NumberOrEmpty(r.LearningRate)).Append(',').Append(CsvText.NumberOrEmpty(r.SamplesPerSecond)).Append('\n');
        }

        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>
    /// Adds rows to an existing log (or creates it): existing rows of the same (model, fold) as any new row are replaced.
    /// </summary>
    /// <exception cref="DataValidationException">The existing file is malformed.</exception>
    public static void Merge(string path, IEnumerable<TrainingLogRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var added = rows.ToList();
        var keys = added.Select(r => (r.Model, r.Fold)).ToHashSet();
        var kept = File.Exists(path) ? Read(path).Where(r => !keys.Contains((r.Model, r.Fold))) : [];
        Write(path, kept.Concat(added));
    }

    /// <summary>Reads every row; empty numeric fields become NaN.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="DataValidationException">Wrong header, field count or number (names the line and column).</exception>
    public static IReadOnlyList<TrainingLogRow> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header)
        {
            throw new DataValidationException(path, 1, "", $"header must be '{Header}'.");
        }

        string[] columns = Header.Split(',');
        var result = new List<TrainingLogRow>();
        for (var n = 1; n < lines.Length; n++)
        {
            if (lines[n].Length == 0)
            {
                continue;
            }

            var f = lines[n].Split(',');
            if (f.Length != columns.Length)
            {
                throw new DataValidationException(path, n + 1, "", $"expected {columns.Length} fields, found {f.Length}.");
            }

            int Int(int k) => int.TryParse(f[k], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
                ? v : throw new DataValidationException(path, n + 1, columns[k], $"'{f[k]}' is not a whole number.");
            double Dbl(int k) => f[k].Length == 0 ? double.NaN
                : double.TryParse(f[k], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                : throw new DataValidationException(path, n + 1, columns[k], $"'{f[k]}' is not a number.");
            result.Add(new TrainingLogRow(f[0], Int(1), Int(2), Dbl(3), Dbl(4), Dbl(5), Dbl(6), Dbl(7)));
        }

        return result;
    }
}
