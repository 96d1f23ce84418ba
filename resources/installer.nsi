; 重点项目台账 — the Windows installer (NSIS 3, built by scripts/build_windows.sh with makensis)
; Per user, no administrator rights: the program goes to %LOCALAPPDATA%\Programs\重点项目台账. The data (台账、备份、
; 错误日志) live in %LOCALAPPDATA%\重点项目台账, which this installer and its uninstaller never touch; installing a
; new version over an old one keeps them, and the program upgrades the database itself after a backup (升级前).
; makensis -DVERSION=0.1.0 -DSRC=<the PyInstaller folder> -DOUTFILE=<setup.exe> [-DICON=<.ico>] installer.nsi
Unicode true
; 64-bit stubs where makensis has them (Debian's does): the bundle is 64-bit, and a 32-bit installer needs
; WoW64, which wine64 alone lacks. NSIS's own Windows release has only 32-bit stubs, fine on a real Windows.
!if /FileExists "${NSISDIR}\Stubs\lzma_solid-amd64-unicode"
  Target amd64-unicode
!else
  Unicode true
!endif
SetCompressor /SOLID lzma
ManifestDPIAware true

!define APP "重点项目台账"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\ZDXM-Taizhang"
!ifndef VERSION
  !define VERSION "0.0.0"
!endif

Name "${APP}"
Caption "${APP} ${VERSION} 安装"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"

!include "MUI2.nsh"
!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP}.exe"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开${APP}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${APP}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${APP} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "${APP}"

Section "${APP}"
  SetOutPath "$INSTDIR"
  ; the old version's program files go first (never its data, which is elsewhere): a library the old one had
  ; and the new one has not must not be loaded by the new program
  RMDir /r "$INSTDIR\_internal"
  File /r "${SRC}\*.*"
  WriteUninstaller "$INSTDIR\卸载${APP}.exe"

  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\${APP}.lnk" "$INSTDIR\${APP}.exe"
  CreateShortcut "$SMPROGRAMS\${APP}\卸载${APP}.lnk" "$INSTDIR\卸载${APP}.exe"
  CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\${APP}.exe"

  ; 设置 → 应用 lists it for this user, with its version and an uninstall button
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${APP}"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP}.exe"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\卸载${APP}.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\卸载${APP}.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  Delete "$DESKTOP\${APP}.lnk"
  RMDir /r "$SMPROGRAMS\${APP}"
  ; only what the installer put there: the folder may have been chosen by hand, and the 台账 is never in it
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\zdxm.exe"
  Delete "$INSTDIR\${APP}.exe"
  Delete "$INSTDIR\卸载${APP}.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd
