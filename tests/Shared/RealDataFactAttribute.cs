namespace Kosmo.Testing;

/// <summary>
/// A fact that reads <c>../shared/data/krx</c>. When the folder is absent it is skipped with a message on a
/// user's machine, and it runs (and so fails) when CI=true, so CI can never pass by skipping real-data tests.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute()
    {
        if (TestData.KrxDir is null && !TestData.IsCi)
        {
            Skip = "Real KRX data not found at ../shared/data/krx (set KOSMO_KRX_DATA); skipped outside CI.";
        }
    }
}

/// <summary>The theory counterpart of <see cref="RealDataFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RealDataTheoryAttribute : TheoryAttribute
{
    public RealDataTheoryAttribute()
    {
        if (TestData.KrxDir is null && !TestData.IsCi)
        {
            Skip = "Real KRX data not found at ../shared/data/krx (set KOSMO_KRX_DATA); skipped outside CI.";
        }
    }
}
