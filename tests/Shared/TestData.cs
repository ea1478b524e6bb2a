namespace Kosmo.Testing;

/// <summary>
/// Locates the shared real KRX data (<c>../shared/data/krx</c> from the repository root) and the repository root.
/// Set KOSMO_KRX_DATA to override the data folder.
/// </summary>
internal static class TestData
{
    private static readonly Lazy<string?> _krx = new(FindKrx);
    private static readonly Lazy<string> _repo = new(FindRepoRoot);

    /// <summary>True when CI=true: real-data tests must not skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The KRX data folder, or null when absent.</summary>
    public static string? KrxDir => _krx.Value;

    /// <summary>The repository root (the folder holding Kosmo.slnx).</summary>
    public static string RepoRoot => _repo.Value;

    /// <summary>Full path of a file in the KRX data folder; throws when the folder is absent.</summary>
    public static string Krx(string fileName) =>
        Path.Combine(KrxDir ?? throw new InvalidOperationException("../shared/data/krx is missing."), fileName);

    /// <summary>Full path of a committed fixture under tests/fixtures.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([RepoRoot, "tests", "fixtures", .. parts]);

    private static string? FindKrx()
    {
        var env = Environment.GetEnvironmentVariable("KOSMO_KRX_DATA");
        if (!string.IsNullOrEmpty(env))
        {
            return Directory.Exists(env) ? Path.GetFullPath(env) : null;
        }

        var candidate = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data", "krx"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kosmo.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Kosmo.slnx) above " + AppContext.BaseDirectory);
    }
}
