namespace Kosmo.Cli.Tests.Data;

/// <summary>The download command tests swap Console.Out/Error: they join the one "console" collection (one test at a time).</summary>
public static class DownloadConsoleCollection
{
    public const string Name = "console";
}
