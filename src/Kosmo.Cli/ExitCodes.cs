namespace Kosmo.Cli;

/// <summary>Process exit codes of <c>kosmo</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>An unexpected failure (a bug, never a known bad input): one line, the stack trace only with --verbose.</summary>
    public const int Failure = 1;
    /// <summary>Bad command-line usage (parse errors, --threads 0), a bad config value, a run folder that is not empty, a plan above max_cells, a database path that is a folder or cannot be written.</summary>
    public const int Usage = 2;
    /// <summary>An input file failed validation (file, line, column and problem are printed), or the database is corrupt or of a newer schema.</summary>
    public const int InvalidData = 3;
    /// <summary>A needed input (config file, database, data folder, run folder, files in an import folder) does not exist.</summary>
    public const int NotFound = 4;
    /// <summary>Cancelled by the user (Ctrl-C); work done so far is kept and can be resumed.</summary>
    public const int Cancelled = 130;
}
