namespace Kosmo.Models.Onnx;

/// <summary>What an export writes beside the weights: the window length, feature names, scaling and free-form metadata.</summary>
/// <param name="Lookback">L, the window length the model was trained on (the input's fixed second dimension).</param>
/// <param name="FeatureNames">The K feature names, in the input's last-axis order.</param>
/// <param name="Scaling">The affine map baked in as the first nodes.</param>
/// <param name="ClassNames">Names of the C output classes, in output order (e.g. down, flat, up).</param>
/// <param name="Metadata">Extra metadata_props (run, model set, fit range, scaling of the other columns ...).</param>
public sealed record OnnxModelInfo(int Lookback, IReadOnlyList<string> FeatureNames, OnnxInputScaling Scaling, IReadOnlyList<string> ClassNames,
    IReadOnlyDictionary<string, string> Metadata);
