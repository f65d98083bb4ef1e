// Plateau's progressive enhancement: the pages work without it.
// - facet checkboxes and the sort menu apply as soon as they change;
// - « / » puts the cursor in the search box (unless typing in a field);
// - the « Copier la citation » button copies the citation of an entry.
document.addEventListener('change', (event) => {
  const field = event.target;
  if (!(field instanceof HTMLInputElement || field instanceof HTMLSelectElement)) return;
  const form = field.closest('form.facet-form, form.sort-form');
  if (form) form.requestSubmit();
});

document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  const active = document.activeElement;
  if (active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) return;
  const box = document.querySelector('form[role="search"] input[name="q"]');
  if (box) {
    event.preventDefault();
    box.focus();
  }
});

for (const button of document.querySelectorAll('button[data-copy]')) {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    await navigator.clipboard.writeText(source.textContent.trim());
    button.textContent = 'Citation copiée';
  });
}
