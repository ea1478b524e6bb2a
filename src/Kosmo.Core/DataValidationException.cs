namespace Kosmo.Core;

/// <summary>
/// A bad input that a person must fix: names the file, line, column and problem. Whoever throws it has
/// left nothing half written (the database, the run folder) behind.
/// </summary>
public sealed class DataValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">The input file (or config path).</param>
    /// <param name="line">1-based line number, or 0 when not about one line.</param>
    /// <param name="column">Column name (or config key), or empty.</param>
    /// <param name="problem">What is wrong, in words.</param>
    public DataValidationException(string file, long line, string column, string problem)
        : base(Format(file, line, Clip(column, MaxEcho), problem.Length > MaxProblem ? Clip(problem, MaxEcho) : problem))
    {
        File = file;
        Line = line;
        Column = Clip(column, MaxEcho);
        Problem = problem.Length > MaxProblem ? Clip(problem, MaxEcho) : problem;
    }

    /// <summary>Longest echo of an input value (a field, a header, a column name) in a message, in characters.</summary>
    public const int MaxEcho = 200;

    /// <summary>A problem text longer than this is clipped to <see cref="MaxEcho"/> characters (a 10 MB header is not echoed).</summary>
    private const int MaxProblem = 1000;

    /// <summary>
    /// <paramref name="text"/> cut to <paramref name="max"/> characters, with how many were left out, so that a huge field or
    /// header cannot flood a message.
    /// </summary>
    public static string Clip(string text, int max = MaxEcho) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max), $"... ({text.Length - max:N0} more characters)");

    /// <summary>The input file (or config path).</summary>
    public string File { get; }

    /// <summary>1-based line number, 0 when not about one line.</summary>
    public long Line { get; }

    /// <summary>Column name or config key; empty when not about one column.</summary>
    public string Column { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    private static string Format(string file, long line, string column, string problem)
    {
        var where = file;
        if (line > 0)
        {
            where += $":{line}";
        }

        if (!string.IsNullOrEmpty(column))
        {
            where += $" column '{column}'";
        }

        return $"{where}: {problem}";
    }
}
