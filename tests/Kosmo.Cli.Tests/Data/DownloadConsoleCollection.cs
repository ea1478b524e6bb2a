namespace Kosmo.Cli.Tests.Data;

/// <summary>The download command tests swap Console.Out/Error, so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DownloadConsoleCollection
{
    public const string Name = "download console";
}
