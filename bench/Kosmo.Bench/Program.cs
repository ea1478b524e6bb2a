using BenchmarkDotNet.Running;

namespace Kosmo.Bench;

/// <summary>
/// <c>figure NAME [--quick]</c> runs one <see cref="IFigure"/>; <c>figures</c> lists them; anything else is handed
/// to BenchmarkDotNet's switcher (e.g. <c>--filter *Sgemm*</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var figures = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IFigure).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IFigure)Activator.CreateInstance(t)!)
            .ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

        if (args.Length >= 1 && args[0] == "figures")
        {
            foreach (var name in figures.Keys.Order())
            {
                Console.WriteLine(name);
            }

            return 0;
        }

        if (args.Length >= 2 && args[0] == "figure")
        {
            if (!figures.TryGetValue(args[1], out var figure))
            {
                Console.Error.WriteLine($"unknown figure '{args[1]}'; known: {string.Join(", ", figures.Keys.Order())}");
                return 2;
            }

            figure.Run(args.Contains("--quick"), Console.Out);
            return 0;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
