"""The Qt window: a thin layer of widgets and models over the Qt-free core."""
