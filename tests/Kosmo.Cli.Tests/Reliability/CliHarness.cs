namespace Kosmo.Cli.Tests.Reliability;

/// <summary>Runs <c>kosmo</c> through its real entry point (<see cref="Program.Run"/>) with stdout and stderr captured.</summary>
internal static class CliHarness
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using (new ConsoleSwap(output, error))
        {
            var code = Program.Run(args, error);
            return (code, output.ToString(), error.ToString());
        }
    }

    /// <summary>A fresh temporary folder.</summary>
    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kosmo-reliab-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}

/// <summary>Tests that swap Console.Out / Console.Error run one at a time.</summary>
[CollectionDefinition("console", DisableParallelization = true)]
public sealed class ConsoleCollection;
