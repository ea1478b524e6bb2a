using Kosmo.Experiment;
using Kosmo.Experiment.Config;
using Kosmo.Core;
using Kosmo.Data.Store;
using Microsoft.Data.Sqlite;

namespace Kosmo.Cli;

/// <summary>
/// Maps an exception that escaped a command to the exit-code contract (<see cref="ExitCodes"/>) and prints it as one
/// line: known failures are 2 (usage, config, an unusable database path), 3 (bad input data, a corrupt or too-new
/// database), 4 (missing input) or 130 (interrupted); anything else is a bug (1).
/// </summary>
internal static class CliErrors
{
    /// <summary>Prints <paramref name="e"/> (one line; the stack trace too when <paramref name="verbose"/>) and returns its exit code.</summary>
    public static int Report(Exception e, TextWriter error, bool verbose)
    {
        var (code, message) = Classify(e);
        error.WriteLine(code == ExitCodes.Cancelled ? message : $"error: {OneLine(message)}");
        if (verbose)
        {
            error.WriteLine(e.ToString());
        }
        else if (code == ExitCodes.Failure)
        {
            error.WriteLine("this is a bug in kosmo: rerun with --verbose for the stack trace and report it");
        }

        return code;
    }

    /// <summary>The exit code and message of an exception.</summary>
    public static (int Code, string Message) Classify(Exception e) => e switch
    {
        OperationCanceledException => (ExitCodes.Cancelled, "stopped. Finished work is kept; continue with the same command and --resume where it has one."),
        ConfigException or UsageException => (ExitCodes.Usage, e.Message),
        DataValidationException => (ExitCodes.InvalidData, e.Message),
        StoreException s => (s.Problem is StoreProblem.Corrupt or StoreProblem.NewerSchema ? ExitCodes.InvalidData : ExitCodes.Usage, e.Message),
        FileNotFoundException or DirectoryNotFoundException => (ExitCodes.NotFound, e.Message),
        SqliteException { SqliteErrorCode: 11 or 26 } => (ExitCodes.InvalidData, $"the database is corrupt or not a SQLite file ({e.Message})"),
        SqliteException { SqliteErrorCode: 3 or 8 or 14 } => (ExitCodes.Usage, $"the database cannot be opened or written ({e.Message})"),
        UnauthorizedAccessException => (ExitCodes.Usage, $"permission denied: {e.Message}"),
        AggregateException { InnerExceptions.Count: 1 } a => Classify(a.InnerExceptions[0]),
        _ => (ExitCodes.Failure, $"unexpected {e.GetType().Name}: {e.Message}"),
    };

    /// <summary>
    /// The exit code of a failure that <c>backtest</c>, <c>compare</c> and <c>evaluate</c> report themselves: bad input
    /// data (3), a missing file (4), a bad argument (2); null for anything else, which goes on to <see cref="Report"/>.
    /// </summary>
    public static int? Expected(Exception e) => e switch
    {
        DataValidationException => ExitCodes.InvalidData,
        FileNotFoundException => ExitCodes.NotFound,
        ArgumentException => ExitCodes.Usage,
        _ => null,
    };

    private static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ");
        return line.Length <= 1000 ? line : line[..1000] + $"... ({line.Length - 1000} more characters)";
    }
}
