'use strict';
{
    // The image library's chooser in a news item's or page's form: the chosen
    // picture is shown under it, and follows the choice.
    window.addEventListener('load', () => {
        document.querySelectorAll('select[data-thumbnail-url]').forEach((select) => {
            const picture = document.createElement('img');
            picture.className = 'library-chooser__thumbnail';
            picture.alt = '';
            picture.width = 160;
            const wrapper = select.closest('.flex-container') || select.parentElement;
            wrapper.after(picture);
            const show = () => {
                picture.hidden = !select.value;
                if (select.value) {
                    picture.src = select.dataset.thumbnailUrl.replace('{id}', select.value);
                }
            };
            if (window.django && window.django.jQuery) {
                window.django.jQuery(select).on('change', show);
            }
            select.addEventListener('change', show);
            show();
        });
    });
}
