# Build SkillDesk for Windows: dist\skilldesk\ (skilldesk.exe, the window, and skilldesk-cli.exe,
# the command line) and dist\skilldesk-<version>-win64.zip of that folder.
#   powershell -ExecutionPolicy Bypass -File installers\build.ps1
# Needs 64-bit Python 3.11 from python.org (the `py` launcher). Build on the oldest Windows
# you support (Windows 10): what is built here runs there and on newer ones.
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

function Invoke-Checked {
    # Native programs do not throw on failure; stop on a non-zero exit code.
    $program, $arguments = $args
    & $program @arguments
    if ($LASTEXITCODE -ne 0) { throw "failed ($LASTEXITCODE): $($args -join ' ')" }
}

# A venv of the project's own, so the bundle holds exactly what pyproject.toml declares.
if (-not (Test-Path .venv\Scripts\python.exe)) { Invoke-Checked py -3.11 -m venv .venv }
$python = ".\.venv\Scripts\python.exe"
Invoke-Checked $python -m pip install --disable-pip-version-check -q --upgrade pip
Invoke-Checked $python -m pip install --disable-pip-version-check -q -e ".[dev]"

$clock = [Diagnostics.Stopwatch]::StartNew()
# --clean: no stale cache from an earlier build; build\ is PyInstaller's scratch space.
Invoke-Checked $python -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath dist --workpath build installers\skilldesk.spec
Write-Host ("Built dist\skilldesk in {0:N0} s" -f $clock.Elapsed.TotalSeconds)

# Quick check without Python: a demo workspace in a temporary folder (migrations, photos).
# installers/smoke.sh has the full list of checks; run them by hand on a Windows test PC.
$check = Join-Path $env:TEMP "skilldesk-build-check"
Remove-Item -Recurse -Force $check -ErrorAction SilentlyContinue
Invoke-Checked .\dist\skilldesk\skilldesk-cli.exe --data-dir $check demo

# The zip unpacks to a skilldesk\ folder; staff start skilldesk.exe inside it.
$version = & $python -c "import importlib.metadata as m; print(m.version('skilldesk'))"
$zip = "dist\skilldesk-$version-win64.zip"
Compress-Archive -Path dist\skilldesk -DestinationPath $zip -Force
Write-Host ("{0}: {1:N0} MB" -f $zip, ((Get-Item $zip).Length / 1MB))
