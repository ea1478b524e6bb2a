using System.Globalization;
using System.Numerics;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace Kosmo.Data.Import;

/// <summary>
/// Parquet column access for the importer (Parquet.Net does the decoding): recognising a parquet file, and reading one
/// row group's column into the plain arrays the row loop wants, whatever physical type the writer chose (marcap's
/// numbers arrive as int64 or double, its Date as a timestamp or a string). Missing values become NaN (numbers), 0
/// (dates) or null (text); a value that cannot be converted is remembered as the column's first bad row, so the row
/// loop reports it at that row. The arrays returned are rented from <see cref="ColumnBuffers"/> (longer than the row group:
/// read the first n) and go back there through <see cref="ParquetGroup.Release"/>.
/// </summary>
internal static class ParquetInput
{
    /// <summary>True when the file name ends in .parquet or the file starts with the parquet magic 'PAR1'.</summary>
    public static bool IsParquet(string path)
    {
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || !File.Exists(path))
        {
            return false;
        }

        Span<byte> magic = stackalloc byte[4];
        using var f = File.OpenRead(path);
        return f.Read(magic) == 4 && magic.SequenceEqual("PAR1"u8);
    }

    /// <summary>A number column of one row group: values (NaN when missing) and the first row that is not a number.</summary>
    internal sealed class Numbers(double[] values, int firstBad, string? badText)
    {
        public double[] Values { get; } = values;

        public int FirstBad { get; } = firstBad;

        public string? BadText { get; } = badText;
    }

    /// <summary>Reads a number column (any integer, floating or decimal type, or text holding numbers).</summary>
    /// <exception cref="NotSupportedException">The column's type cannot hold numbers.</exception>
    public static Numbers ReadNumbers(ParquetRowGroupReader rg, DataField field, int n)
    {
        var t = field.ClrType;
        if (t == typeof(double)) { return new(Read<double>(rg, field, n), -1, null); }
        if (t == typeof(long)) { return new(Read<long>(rg, field, n), -1, null); }
        if (t == typeof(int)) { return new(Read<int>(rg, field, n), -1, null); }
        if (t == typeof(float)) { return new(Read<float>(rg, field, n), -1, null); }
        if (t == typeof(short)) { return new(Read<short>(rg, field, n), -1, null); }
        if (t == typeof(ulong)) { return new(Read<ulong>(rg, field, n), -1, null); }
        if (t == typeof(uint)) { return new(Read<uint>(rg, field, n), -1, null); }
        if (t == typeof(decimal)) { return new(Read<decimal>(rg, field, n), -1, null); }
        if (Marcap.MarcapFixtureWriter.IsText(field))
        {
            var text = ReadStrings(rg, field, n);
            var values = ColumnBuffers.Rent<double>(n);
            try
            {
                for (var i = 0; i < n; i++)
                {
                    var s = text[i];
                    if (string.IsNullOrEmpty(s) || s is "nan" or "NaN")
                    {
                        values[i] = double.NaN;
                    }
                    else if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                    {
                        return new(values, i, s);
                    }
                }

                return new(values, -1, null);
            }
            finally
            {
                ColumnBuffers.Return(text, n);
            }
        }

        throw new NotSupportedException($"a {t.Name} column cannot hold numbers");
    }

    /// <summary>Reads a text column (nulls stay null); integer columns are written as their decimal digits.</summary>
    /// <param name="rg">The row group.</param>
    /// <param name="field">The column.</param>
    /// <param name="n">Rows in the row group.</param>
    /// <param name="pool">
    /// Interned strings shared by the file's text columns (a few thousand distinct codes, names and Dept texts): each value
    /// is looked up by its characters, so a million rows cost no string allocations and equal texts are the same instance.
    /// Null: plain strings.
    /// </param>
    public static string?[] ReadStrings(ParquetRowGroupReader rg, DataField field, int n, Dictionary<string, string>? pool = null)
    {
        if (field.ClrType == typeof(ReadOnlyMemory<char>) && pool is not null)
        {
            var lookup = pool.GetAlternateLookup<ReadOnlySpan<char>>();
            var chars = ColumnBuffers.Rent<ReadOnlyMemory<char>?>(n);
            var interned = ColumnBuffers.Rent<string?>(n, clear: true);
            try
            {
                Wait(rg.ReadAsync<ReadOnlyMemory<char>>(field, chars.AsMemory(0, n)));
                for (var i = 0; i < n; i++)
                {
                    if (chars[i] is not { } m)
                    {
                        continue;
                    }

                    if (!lookup.TryGetValue(m.Span, out var s))
                    {
                        s = m.ToString();
                        pool[s] = s;
                    }

                    interned[i] = s;
                }
            }
            finally
            {
                ColumnBuffers.Return(chars, n);
            }

            return interned;
        }

        if (Marcap.MarcapFixtureWriter.IsText(field))
        {
            var text = ColumnBuffers.Rent<string?>(n, clear: true);
            Wait(rg.ReadAsync(field, text.AsMemory(0, n)!));
            return text;
        }

        var numbers = ReadNumbers(rg, field, n).Values;
        var result = ColumnBuffers.Rent<string?>(n);
        for (var i = 0; i < n; i++)
        {
            result[i] = double.IsNaN(numbers[i]) ? null : numbers[i].ToString("R", CultureInfo.InvariantCulture);
        }

        ColumnBuffers.Return(numbers, n);
        return result;
    }

    /// <summary>
    /// Reads a date column as yyyymmdd keys (0 when missing): timestamps, dates, text (2024-01-02, 20240102) or integers
    /// written as yyyymmdd. Returns the first row that is not a date (-1 when none) and its text.
    /// </summary>
    public static (int[] Keys, int FirstBad, string? BadText) ReadDates(ParquetRowGroupReader rg, DataField field, int n)
    {
        var keys = ColumnBuffers.Rent<int>(n, clear: true);
        var t = field.ClrType;
        if (t == typeof(DateTime))
        {
            var v = ReadRaw<DateTime>(rg, field, n);
            for (var i = 0; i < n; i++)
            {
                keys[i] = v[i] is { } d ? d.Year * 10000 + d.Month * 100 + d.Day : 0;
            }

            ColumnBuffers.Return(v, n);
        }
        else if (t == typeof(DateOnly))
        {
            var v = ReadRaw<DateOnly>(rg, field, n);
            for (var i = 0; i < n; i++)
            {
                keys[i] = v[i] is { } d ? d.Year * 10000 + d.Month * 100 + d.Day : 0;
            }

            ColumnBuffers.Return(v, n);
        }
        else if (t == typeof(DateTimeOffset))
        {
            var v = ReadRaw<DateTimeOffset>(rg, field, n);
            for (var i = 0; i < n; i++)
            {
                keys[i] = v[i] is { } d ? d.Year * 10000 + d.Month * 100 + d.Day : 0;
            }

            ColumnBuffers.Return(v, n);
        }
        else
        {
            var text = ReadStrings(rg, field, n);
            var cache = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < n; i++)
            {
                var s = text[i];
                if (s is null)
                {
                    continue;
                }

                if (!cache.TryGetValue(s, out var key))
                {
                    if (!NumberParser.TryParseDateKey(Encoding.UTF8.GetBytes(s), out key))
                    {
                        ColumnBuffers.Return(text, n);
                        return (keys, i, s);
                    }

                    cache[s] = key;
                }

                keys[i] = key;
            }

            ColumnBuffers.Return(text, n);
        }

        return (keys, -1, null);
    }

    private static double[] Read<T>(ParquetRowGroupReader rg, DataField field, int n)
        where T : struct, INumberBase<T>
    {
        var result = ColumnBuffers.Rent<double>(n);
        if (field.IsNullable)
        {
            var v = ColumnBuffers.Rent<T?>(n);
            Wait(rg.ReadAsync<T>(field, v.AsMemory(0, n)));
            for (var i = 0; i < n; i++)
            {
                result[i] = v[i] is { } x ? double.CreateTruncating(x) : double.NaN;
            }

            ColumnBuffers.Return(v, n);
        }
        else
        {
            var v = ColumnBuffers.Rent<T>(n);
            Wait(rg.ReadAsync<T>(field, v.AsMemory(0, n)));
            for (var i = 0; i < n; i++)
            {
                result[i] = double.CreateTruncating(v[i]);
            }

            ColumnBuffers.Return(v, n);
        }

        return result;
    }

    private static T?[] ReadRaw<T>(ParquetRowGroupReader rg, DataField field, int n)
        where T : struct
    {
        var v = ColumnBuffers.Rent<T?>(n);
        if (field.IsNullable)
        {
            Wait(rg.ReadAsync<T>(field, v.AsMemory(0, n)));
            return v;
        }

        var plain = ColumnBuffers.Rent<T>(n);
        Wait(rg.ReadAsync<T>(field, plain.AsMemory(0, n)));
        for (var i = 0; i < n; i++)
        {
            v[i] = plain[i];
        }

        ColumnBuffers.Return(plain, n);
        return v;
    }

    // The parse runs on a dedicated thread without a synchronisation context: blocking on Parquet.Net's tasks is safe.
    private static void Wait(Task task) => task.GetAwaiter().GetResult();

    private static void Wait<TResult>(Task<TResult> task) => task.GetAwaiter().GetResult();

    private static void Wait(ValueTask task) => task.GetAwaiter().GetResult();

    private static void Wait<TResult>(ValueTask<TResult> task) => task.GetAwaiter().GetResult();
}
