using System.CommandLine;

namespace Kosmo.Cli;

/// <summary>Entry point of the <c>kosmo</c> command.</summary>
internal static class Program
{
    /// <summary>The global <c>--verbose</c> flag: print the stack trace of a failure.</summary>
    internal static readonly Option<bool> Verbose = new("--verbose") { Description = "On a failure, also print the exception's stack trace; kosmo predict also prints the wall and CPU seconds of its steps.", Recursive = true };

    private static int Main(string[] args) => Run(args);

    /// <summary>
    /// Parses and runs one command line and returns the exit code of the contract in <see cref="ExitCodes"/>: parse errors
    /// are usage errors (2), and an exception that escapes a command is mapped by <see cref="CliErrors"/> (one line, the
    /// stack trace only with <c>--verbose</c>).
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <param name="error">Where error lines go (default: standard error).</param>
    internal static int Run(string[] args, TextWriter? error = null)
    {
        error ??= Console.Error;
        var root = BuildRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                error.WriteLine($"error: {e.Message}");
            }

            error.WriteLine($"see: kosmo {string.Join(' ', CommandPath(parse))} --help".Replace("  ", " ", StringComparison.Ordinal));
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return CliErrors.Report(e, error, parse.GetValue(Verbose));
        }
    }

    /// <summary>Builds the root command from every <see cref="ICommandModule"/> in this assembly, ordered by name.</summary>
    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("Kosmo: Korean small-cap momentum research (data, universe, features, TFT-Lite, backtest, report).");
        root.Options.Add(Verbose);
        var modules = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ICommandModule).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (ICommandModule)Activator.CreateInstance(t)!)
            .Select(m => m.Build())
            .OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var command in modules)
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    private static List<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null && r.Parent is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, r.Command.Name);
        }

        return names;
    }
}
