namespace Kosmo.Features.Normalization;

/// <summary>
/// A feature processor whose statistics are fitted on an explicit training window only (no leakage from
/// validation or test dates) and then applied to a whole cube.
/// </summary>
public interface IFeatureProcessor
{
    /// <summary>True after <see cref="Fit"/>.</summary>
    bool IsFitted { get; }

    /// <summary>Fits statistics on the cells of <paramref name="cube"/> whose date lies in <paramref name="train"/>.</summary>
    /// <exception cref="ArgumentException">A configured feature name is not in the cube.</exception>
    void Fit(FeatureCube cube, DateWindow train);

    /// <summary>Transforms the cube in place with the fitted statistics.</summary>
    /// <exception cref="InvalidOperationException">Not fitted, or the cube's feature names differ from the fitted ones.</exception>
    void Transform(FeatureCube cube);
}
