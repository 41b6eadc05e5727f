"""The admin's rich-text editor: CKEditor 4 (django-ckeditor), a widget only.

Stored values are plain text fields, sanitised on save (``kernel.richtext``); to swap
the editor, change ``RichTextWidget`` here (no migration needed).
"""

from ckeditor_uploader.widgets import CKEditorUploadingWidget


class RichTextWidget(CKEditorUploadingWidget):
    """The admin's rich-text editor (CKEditor 4 with image upload)."""
