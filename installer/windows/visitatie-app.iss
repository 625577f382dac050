; Inno Setup 6 script for the Visitatie-app: a per-user installer for Windows.
;
; Not run or compiled in the development environment (Linux); the CI workflow
; .github/workflows/windows-installer.yml compiles it on a Windows runner:
;
;   iscc /DAppVersion=0.1.0 installer\windows\visitatie-app.iss
;
; Paths below are relative to this file's folder (SourceDir), i.e. the repository root
; is ..\.. . Input: the PyInstaller one-folder output dist\visitatie-app\ (made by
; `pyinstaller build_installer.spec` at the repository root) and resources\icon.ico.
; Output: dist\installer\Visitatie-app-<version>-setup.exe.
;
; User data is NOT in the program folder. The app keeps its settings and the demo file in
; platformdirs' user data dir, %LOCALAPPDATA%\OmgevingsdienstNL\visitatie-app
; (visitor_app/paths.py, user_data_path), and visitations wherever the user saves them.
; The uninstaller removes only what this script installed ({app} and the registry keys
; below), so user data, a newer forms\ folder ODNL placed in the user data folder, and
; the user's .visitatie files are left alone. There is deliberately no [UninstallDelete]
; entry for the user data folder.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z visitatie-app.iss
#endif

#define AppName "Visitatie-app"
#define AppPublisher "Omgevingsdienst NL"
#define AppExeName "visitatie-app.exe"
; ProgID for the .visitatie file type
#define AssocExt ".visitatie"
#define AssocKey "OmgevingsdienstNL.Visitatie"
#define AssocName "Visitatiebestand"

[Setup]
; Fixed AppId: never change it, or upgrades install side by side. {{ escapes the brace.
AppId={{6F0C6B2E-5D3A-4B7E-9C41-2A8E1F0D7B95}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
; Per-user install: no administrator rights, no UAC prompt.
PrivilegesRequired=lowest
; In non-administrative install mode {autopf} is %LOCALAPPDATA%\Programs.
DefaultDirName={autopf}\Visitatie-app
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
SetupIconFile=..\..\resources\icon.ico
ChangesAssociations=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist\installer
OutputBaseFilename=Visitatie-app-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; Close a running Visitatie-app before files are replaced (Restart Manager).
CloseApplications=yes

[Languages]
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller one-folder bundle: the exe, _internal\ (Python, the Qt/PySide6
; shared libraries that the user may replace, LGPLv3), forms\ and resources\ as bundled.
Source: "..\..\dist\visitatie-app\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\resources\icon.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; IconFilename: "{app}\icon.ico"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; IconFilename: "{app}\icon.ico"; Tasks: desktopicon

[Registry]
; File association for .visitatie, per user (HKCU\Software\Classes; no admin rights).
Root: HKCU; Subkey: "Software\Classes\{#AssocExt}"; ValueType: string; ValueName: ""; ValueData: "{#AssocKey}"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#AssocExt}\OpenWithProgids"; ValueType: string; ValueName: "{#AssocKey}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#AssocKey}"; ValueType: string; ValueName: ""; ValueData: "{#AssocName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#AssocKey}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\icon.ico,0"
Root: HKCU; Subkey: "Software\Classes\{#AssocKey}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"" ""%1"""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExeName}\SupportedTypes"; ValueType: string; ValueName: "{#AssocExt}"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#StringChange(AppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent
