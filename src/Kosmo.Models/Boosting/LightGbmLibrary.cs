using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace Kosmo.Models.Boosting;

/// <summary>
/// The LightGBM 4.x C API (include/LightGBM/c_api.h) as unmanaged function pointers into one loaded
/// lib_lightgbm. Loaded explicitly (not by <c>DllImport</c>) so that the library's path can be chosen per call —
/// <c>KOSMO_LIGHTGBM_LIBRARY</c>, or the NuGet package's runtimes/linux-x64/native copy found through the app's
/// deps.json — and so that a missing or broken library is a <see cref="LightGbmUnavailableException"/> naming the file,
/// not a <see cref="DllNotFoundException"/> in the middle of a fit. Handles are plain <see cref="nint"/>; the
/// callers free them in <c>finally</c> blocks.
/// </summary>
internal sealed unsafe class LightGbmLibrary
{
    /// <summary>Environment variable that overrides the library's path (an absolute file path).</summary>
    public const string PathVariable = "KOSMO_LIGHTGBM_LIBRARY";

    /// <summary>c_api.h C_API_DTYPE_FLOAT32.</summary>
    public const int Float32 = 0;

    /// <summary>c_api.h C_API_DTYPE_FLOAT64.</summary>
    public const int Float64 = 1;

    private static readonly ConcurrentDictionary<string, Lazy<LightGbmLibrary>> _loaded = new(StringComparer.Ordinal);

    private readonly delegate* unmanaged[Cdecl]<byte*> _getLastError;
    private readonly delegate* unmanaged[Cdecl]<void*, int, int, int, int, byte*, nint, nint*, int> _datasetCreateFromMat;
    private readonly delegate* unmanaged[Cdecl]<nint, byte*, void*, int, int, int> _datasetSetField;
    private readonly delegate* unmanaged[Cdecl]<nint, int> _datasetFree;
    private readonly delegate* unmanaged[Cdecl]<nint, byte*, nint*, int> _boosterCreate;
    private readonly delegate* unmanaged[Cdecl]<nint, nint, int> _boosterAddValidData;
    private readonly delegate* unmanaged[Cdecl]<nint, int*, int> _boosterUpdateOneIter;
    private readonly delegate* unmanaged[Cdecl]<nint, int, int*, double*, int> _boosterGetEval;
    private readonly delegate* unmanaged[Cdecl]<nint, void*, int, int, int, int, int, int, int, byte*, long*, double*, int> _boosterPredictForMat;
    private readonly delegate* unmanaged[Cdecl]<nint, int, int, int, long, long*, byte*, int> _boosterSaveModelToString;
    private readonly delegate* unmanaged[Cdecl]<byte*, int*, nint*, int> _boosterLoadModelFromString;
    private readonly delegate* unmanaged[Cdecl]<nint, int, int, double*, int> _boosterFeatureImportance;
    private readonly delegate* unmanaged[Cdecl]<nint, int*, int> _boosterGetCurrentIteration;
    private readonly delegate* unmanaged[Cdecl]<nint, int> _boosterFree;

    private LightGbmLibrary(nint handle, string path)
    {
        Path = path;
        _getLastError = (delegate* unmanaged[Cdecl]<byte*>)Export(handle, path, "LGBM_GetLastError");
        _datasetCreateFromMat = (delegate* unmanaged[Cdecl]<void*, int, int, int, int, byte*, nint, nint*, int>)Export(handle, path, "LGBM_DatasetCreateFromMat");
        _datasetSetField = (delegate* unmanaged[Cdecl]<nint, byte*, void*, int, int, int>)Export(handle, path, "LGBM_DatasetSetField");
        _datasetFree = (delegate* unmanaged[Cdecl]<nint, int>)Export(handle, path, "LGBM_DatasetFree");
        _boosterCreate = (delegate* unmanaged[Cdecl]<nint, byte*, nint*, int>)Export(handle, path, "LGBM_BoosterCreate");
        _boosterAddValidData = (delegate* unmanaged[Cdecl]<nint, nint, int>)Export(handle, path, "LGBM_BoosterAddValidData");
        _boosterUpdateOneIter = (delegate* unmanaged[Cdecl]<nint, int*, int>)Export(handle, path, "LGBM_BoosterUpdateOneIter");
        _boosterGetEval = (delegate* unmanaged[Cdecl]<nint, int, int*, double*, int>)Export(handle, path, "LGBM_BoosterGetEval");
        _boosterPredictForMat = (delegate* unmanaged[Cdecl]<nint, void*, int, int, int, int, int, int, int, byte*, long*, double*, int>)Export(handle, path, "LGBM_BoosterPredictForMat");
        _boosterSaveModelToString = (delegate* unmanaged[Cdecl]<nint, int, int, int, long, long*, byte*, int>)Export(handle, path, "LGBM_BoosterSaveModelToString");
        _boosterLoadModelFromString = (delegate* unmanaged[Cdecl]<byte*, int*, nint*, int>)Export(handle, path, "LGBM_BoosterLoadModelFromString");
        _boosterFeatureImportance = (delegate* unmanaged[Cdecl]<nint, int, int, double*, int>)Export(handle, path, "LGBM_BoosterFeatureImportance");
        _boosterGetCurrentIteration = (delegate* unmanaged[Cdecl]<nint, int*, int>)Export(handle, path, "LGBM_BoosterGetCurrentIteration");
        _boosterFree = (delegate* unmanaged[Cdecl]<nint, int>)Export(handle, path, "LGBM_BoosterFree");
    }

    /// <summary>The file loaded, or "lib_lightgbm" when the runtime's probing found it.</summary>
    public string Path { get; }

    /// <summary>
    /// The library at <paramref name="path"/>; null or empty = <c>KOSMO_LIGHTGBM_LIBRARY</c> when set, else the
    /// package's copy. Loaded once per path and process.
    /// </summary>
    /// <exception cref="LightGbmUnavailableException">The file is missing, cannot be loaded (e.g. libgomp absent) or lacks an entry point.</exception>
    public static LightGbmLibrary Load(string? path = null)
    {
        if (string.IsNullOrEmpty(path))
        {
            path = Environment.GetEnvironmentVariable(PathVariable);
        }

        var key = string.IsNullOrEmpty(path) ? "" : path;
        var lazy = _loaded.GetOrAdd(key, k => new Lazy<LightGbmLibrary>(() => Open(k)));
        try
        {
            return lazy.Value;
        }
        catch (LightGbmUnavailableException)
        {
            _loaded.TryRemove(key, out _); // a later call may find the file (the error is not cached)
            throw;
        }
    }

    private static LightGbmLibrary Open(string path)
    {
        const string hint = "Restore the LightGBM NuGet package (dotnet restore; it ships runtimes/linux-x64/native/lib_lightgbm.so, "
            + "which needs libgomp1) or point " + PathVariable + " at a lib_lightgbm.so of LightGBM 4.x.";
        OpenMpEnvironment.PreferPassiveWaiting();
        nint handle;
        if (path.Length > 0)
        {
            if (!File.Exists(path))
            {
                throw new LightGbmUnavailableException($"LightGBM native library not found: {path} ({PathVariable}). {hint}");
            }

            try
            {
                handle = NativeLibrary.Load(path);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                throw new LightGbmUnavailableException($"LightGBM native library {path} could not be loaded: {e.Message} {hint}", e);
            }

            return new LightGbmLibrary(handle, path);
        }

        if (!NativeLibrary.TryLoad("lib_lightgbm", typeof(LightGbmLibrary).Assembly, null, out handle))
        {
            var local = System.IO.Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "lib_lightgbm.so");
            if (!(File.Exists(local) && NativeLibrary.TryLoad(local, out handle)))
            {
                throw new LightGbmUnavailableException($"LightGBM native library lib_lightgbm could not be loaded (looked in the app's deps.json assets and {local}). {hint}");
            }
        }

        return new LightGbmLibrary(handle, "lib_lightgbm");
    }

    private static nint Export(nint handle, string path, string name) =>
        NativeLibrary.TryGetExport(handle, name, out var address)
            ? address
            : throw new LightGbmUnavailableException($"LightGBM native library {path} has no entry point {name}: is it LightGBM 4.x?");

    /// <summary>LGBM_DatasetCreateFromMat on a row-major float32 matrix, (rows, cols); <paramref name="reference"/> aligns bins (0 = none).</summary>
    public nint DatasetFromMat(ReadOnlySpan<float> data, int rows, int cols, string parameters, nint reference)
    {
        nint result;
        fixed (float* d = data)
        fixed (byte* p = Utf8(parameters))
        {
            Check(_datasetCreateFromMat(d, Float32, rows, cols, 1, p, reference, &result), "LGBM_DatasetCreateFromMat");
        }

        return result;
    }

    /// <summary>LGBM_DatasetSetField with float32 values ("label", "weight").</summary>
    public void DatasetSetField(nint dataset, string field, ReadOnlySpan<float> values)
    {
        fixed (float* v = values)
        fixed (byte* f = Utf8(field))
        {
            Check(_datasetSetField(dataset, f, v, values.Length, Float32), "LGBM_DatasetSetField(" + field + ")");
        }
    }

    /// <summary>LGBM_DatasetFree (0 is ignored).</summary>
    public void DatasetFree(nint dataset)
    {
        if (dataset != 0)
        {
            _datasetFree(dataset);
        }
    }

    /// <summary>LGBM_BoosterCreate.</summary>
    public nint BoosterCreate(nint train, string parameters)
    {
        nint result;
        fixed (byte* p = Utf8(parameters))
        {
            Check(_boosterCreate(train, p, &result), "LGBM_BoosterCreate");
        }

        return result;
    }

    /// <summary>LGBM_BoosterAddValidData (becomes data index 1 for <see cref="BoosterGetEval"/>).</summary>
    public void BoosterAddValidData(nint booster, nint valid) => Check(_boosterAddValidData(booster, valid), "LGBM_BoosterAddValidData");

    /// <summary>LGBM_BoosterUpdateOneIter; true when no further split could be made (training is finished).</summary>
    public bool BoosterUpdateOneIter(nint booster)
    {
        int finished;
        Check(_boosterUpdateOneIter(booster, &finished), "LGBM_BoosterUpdateOneIter");
        return finished != 0;
    }

    /// <summary>LGBM_BoosterGetEval: the metrics of data set <paramref name="dataIndex"/> (0 training, 1.. validation) into <paramref name="results"/>; returns their count.</summary>
    public int BoosterGetEval(nint booster, int dataIndex, Span<double> results)
    {
        int n;
        fixed (double* r = results)
        {
            Check(_boosterGetEval(booster, dataIndex, &n, r), "LGBM_BoosterGetEval");
        }

        return n;
    }

    /// <summary>LGBM_BoosterPredictForMat, normal prediction (class probabilities for multiclass) of (rows, cols) row-major float32 into <paramref name="output"/> (rows × classes).</summary>
    public void BoosterPredict(nint booster, ReadOnlySpan<float> data, int rows, int cols, int numIteration, string parameters, Span<double> output)
    {
        long written;
        fixed (float* d = data)
        fixed (double* o = output)
        fixed (byte* p = Utf8(parameters))
        {
            Check(_boosterPredictForMat(booster, d, Float32, rows, cols, 1, 0, 0, numIteration, p, &written, o), "LGBM_BoosterPredictForMat");
        }

        if (written != output.Length)
        {
            throw new LightGbmException($"LGBM_BoosterPredictForMat wrote {written} values, expected {output.Length}.");
        }
    }

    /// <summary>LGBM_BoosterSaveModelToString of the first <paramref name="numIteration"/> iterations (≤ 0 = all), importance type gain in the trailer.</summary>
    public string BoosterSaveModelToString(nint booster, int numIteration)
    {
        long needed;
        Check(_boosterSaveModelToString(booster, 0, numIteration, 1, 0, &needed, null), "LGBM_BoosterSaveModelToString");
        var buffer = new byte[needed];
        fixed (byte* b = buffer)
        {
            Check(_boosterSaveModelToString(booster, 0, numIteration, 1, needed, &needed, b), "LGBM_BoosterSaveModelToString");
        }

        var length = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, length < 0 ? buffer.Length : length);
    }

    /// <summary>LGBM_BoosterLoadModelFromString; returns the booster and its number of iterations.</summary>
    public (nint Booster, int Iterations) BoosterLoadModelFromString(string model)
    {
        nint result;
        int iterations;
        fixed (byte* m = Utf8(model))
        {
            Check(_boosterLoadModelFromString(m, &iterations, &result), "LGBM_BoosterLoadModelFromString");
        }

        return (result, iterations);
    }

    /// <summary>LGBM_BoosterFeatureImportance over all iterations: importance type 0 = split counts, 1 = total gain.</summary>
    public double[] BoosterFeatureImportance(nint booster, int features, int importanceType)
    {
        var result = new double[features];
        fixed (double* r = result)
        {
            Check(_boosterFeatureImportance(booster, 0, importanceType, r), "LGBM_BoosterFeatureImportance");
        }

        return result;
    }

    /// <summary>LGBM_BoosterGetCurrentIteration.</summary>
    public int BoosterCurrentIteration(nint booster)
    {
        int n;
        Check(_boosterGetCurrentIteration(booster, &n), "LGBM_BoosterGetCurrentIteration");
        return n;
    }

    /// <summary>LGBM_BoosterFree (0 is ignored).</summary>
    public void BoosterFree(nint booster)
    {
        if (booster != 0)
        {
            _boosterFree(booster);
        }
    }

    private void Check(int rc, string call)
    {
        if (rc != 0)
        {
            var message = Marshal.PtrToStringUTF8((nint)_getLastError()) ?? "(no message)";
            throw new LightGbmException($"{call} failed: {message}");
        }
    }

    private static byte[] Utf8(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
