namespace Kosmo.Cli;

/// <summary>Process exit codes of <c>kosmo</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>An unexpected failure (a bug): the message and stack trace are printed.</summary>
    public const int Failure = 1;
    /// <summary>Bad command-line usage or a bad config value.</summary>
    public const int Usage = 2;
    /// <summary>An input file failed validation (file, line, column and problem are printed).</summary>
    public const int InvalidData = 3;
    /// <summary>A needed input (database, data folder, run folder) does not exist.</summary>
    public const int NotFound = 4;
    /// <summary>Cancelled by the user (Ctrl-C); work done so far is kept and can be resumed.</summary>
    public const int Cancelled = 130;
}
