namespace Kosmo.Bench;

/// <summary>
/// A measured figure for <c>bench/run-all.sh</c>: prints one or more <c>name=value</c> lines (DESIGN.md contract).
/// A figure that cannot be measured prints <c>name=NA</c> and a reason on stderr, never an invented value.
/// Run one with <c>dotnet run -c Release --project bench/Kosmo.Bench -- figure NAME [--quick]</c>.
/// </summary>
public interface IFigure
{
    /// <summary>The figure's name on the command line (e.g. "sgemm", "import").</summary>
    string Name { get; }

    /// <summary>Measures and writes <c>name=value</c> lines to <paramref name="output"/>.</summary>
    /// <param name="quick">Smaller sizes and fewer repeats (for a fast smoke run).</param>
    /// <param name="output">Where the name=value lines go (stdout).</param>
    void Run(bool quick, TextWriter output);
}
