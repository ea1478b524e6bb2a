using System.CommandLine;
using System.Reflection;

namespace Kosmo.Cli;

/// <summary>Entry point of the <c>kosmo</c> command.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = BuildRoot();
        return root.Parse(args).Invoke();
    }

    /// <summary>Builds the root command from every <see cref="ICommandModule"/> in this assembly, ordered by name.</summary>
    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("Kosmo: Korean small-cap momentum research (data, universe, features, TFT-Lite, backtest, report).");
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
}
