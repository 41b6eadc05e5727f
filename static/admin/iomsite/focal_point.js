'use strict';
{
    // The library image's focal point (kernel/admin/library.py): a click on the
    // picture puts the mark there and fills the two fields (0 to 1 across and down);
    // typing in the fields moves the mark. Lists crop the picture around it.
    window.addEventListener('load', () => {
        const picker = document.querySelector('.focal-point');
        const across = document.getElementById('id_focal_x');
        const down = document.getElementById('id_focal_y');
        if (!picker || !across || !down) {
            return;
        }
        const image = picker.querySelector('img');
        const mark = picker.querySelector('.focal-point__mark');
        const place = () => {
            const x = parseFloat(across.value);
            const y = parseFloat(down.value);
            mark.hidden = Number.isNaN(x) || Number.isNaN(y);
            if (!mark.hidden) {
                mark.style.left = `${x * 100}%`;
                mark.style.top = `${y * 100}%`;
            }
        };
        image.addEventListener('click', (event) => {
            const box = image.getBoundingClientRect();
            const clamp = (value) => Math.min(1, Math.max(0, value));
            across.value = clamp((event.clientX - box.left) / box.width).toFixed(3);
            down.value = clamp((event.clientY - box.top) / box.height).toFixed(3);
            place();
        });
        across.addEventListener('input', place);
        down.addEventListener('input', place);
        place();
    });
}
