/* ProcessPrng for Wine 8, which lacks it: the Rust standard library (1.78 and later) asks
 * bcryptprimitives.dll for its random bytes on Windows. This stand-in is built by
 * scripts/wine-run.sh with mingw, for the tests run under Wine only; real Windows has it. */
#include <windows.h>

/* RtlGenRandom, exported by advapi32 as SystemFunction036. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
